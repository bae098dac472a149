import { describe, expect, it } from 'vitest';
import { toCsv } from './csv-writer.js';

describe('toCsv', () => {
  it('quotes what needs quoting and writes dates and objects readably', () => {
    expect(toCsv(['a', 'b'], [['plain', 'with, comma'], ['say "hi"', new Date('2026-01-02T03:04:05Z')], [{ x: 1 }, null]])).toBe(
      'a,b\nplain,"with, comma"\n"say ""hi""",2026-01-02T03:04:05.000Z\n"{""x"":1}",\n',
    );
  });
});
