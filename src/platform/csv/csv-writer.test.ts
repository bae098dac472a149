import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv-writer.js';

describe('toCsv', () => {
  it('quotes what needs quoting and writes dates and objects readably', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['plain', 'with, comma'],
          ['say "hi"', new Date('2026-01-02T03:04:05Z')],
          [{ x: 1 }, null],
        ],
      ),
    ).toBe('a,b\nplain,"with, comma"\n"say ""hi""",2026-01-02T03:04:05.000Z\n"{""x"":1}",\n');
  });
});

describe('csvField against formula injection', () => {
  it('prefixes a single quote to text that a spreadsheet would read as a formula, and quotes it', () => {
    expect(csvField('=HYPERLINK("http://evil.example","Click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""Click"")"`,
    );
    expect(csvField('+1+cmd|calc')).toBe(`"'+1+cmd|calc"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvField('\t=1+1')).toBe(`"'\t=1+1"`);
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('neutralises text that only looks like a negative number, but leaves numbers as numbers', () => {
    expect(csvField('-0.3')).toBe(`"'-0.3"`);
    expect(csvField(-0.3)).toBe('-0.3');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(0)).toBe('0');
  });

  it('leaves ordinary text, and formula characters after the first, alone', () => {
    expect(csvField('Ash School')).toBe('Ash School');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(' =1')).toBe(' =1');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('neutralises formulas in every cell of a whole CSV, header included', () => {
    expect(toCsv(['=x'], [['=1+1'], [-1]])).toBe(`"'=x"\n"'=1+1"\n-1\n`);
  });
});
