import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { isIsoDate, parseForm, parseQueryLeniently } from './validate.js';

const Form = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 10 }),
  count: Type.Optional(Type.Integer({ minimum: 0 })),
  when: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
});

describe('parseForm', () => {
  it('trims text, converts numbers and drops empty fields and the CSRF token', () => {
    expect(parseForm(Form, { _csrf: 'x', name: '  Ada ', count: '3', when: '' })).toEqual({ name: 'Ada', count: 3 });
  });

  it('turns an emptied field into null on edit forms', () => {
    expect(parseForm(Form, { name: 'Ada', when: '' }, { emptyAsNull: true })).toEqual({ name: 'Ada', when: null });
  });

  it('lists one problem per field', () => {
    try {
      parseForm(Form, { count: 'many', when: '2023-02-30' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const fields = (error as AppError).details!.map((d) => d.field).sort();
      expect(fields).toEqual(['count', 'name', 'when']);
      expect((error as AppError).details!.find((d) => d.field === 'name')!.message).toBe('Enter name');
    }
  });
});

describe('dates in three fields', () => {
  const Dated = Type.Object({ heldOn: Type.String({ format: 'date', title: 'Date held' }) });

  it('joins day, month and year into one date, with or without leading zeros', () => {
    expect(parseForm(Dated, { 'heldOn-day': '7', 'heldOn-month': '3', 'heldOn-year': '2025' })).toEqual({
      heldOn: '2025-03-07',
    });
  });

  it.each([
    [
      { 'heldOn-day': '30', 'heldOn-month': '2', 'heldOn-year': '2025' },
      'Date held must be a real date, like 27 3 2025',
    ],
    [{ 'heldOn-day': '3', 'heldOn-month': '', 'heldOn-year': '2025' }, 'Date held must include a month'],
    [{ 'heldOn-day': 'x', 'heldOn-month': '3', 'heldOn-year': '25' }, 'Date held must be a real date, like 27 3 2025'],
    [{ 'heldOn-day': '', 'heldOn-month': '', 'heldOn-year': '' }, 'Enter date held'],
  ])('says what is wrong with %j in words', (body, message) => {
    expect(() => parseForm(Dated, body)).toThrow(message);
  });
});

describe('messages a person reads', () => {
  const Rules = Type.Object({
    detail: Type.String({ maxLength: 20, title: 'Detail' }),
    days: Type.Number({ minimum: 0, maximum: 200, title: 'Days a term' }),
    pupils: Type.Integer({ minimum: 0, title: 'Pupils' }),
    email: Type.String({ format: 'email', title: 'Email address' }),
    kind: Type.Union([Type.Literal('school'), Type.Literal('trust')], { title: 'Kind' }),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 5 }), Type.Null()], { title: 'Note' })),
    cost: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()], { title: 'Cost' })),
  });

  it('writes each kind of rule once, naming the field and what to do', () => {
    try {
      parseForm(Rules, {
        detail: 'x'.repeat(2431),
        days: 'many',
        pupils: '2.5',
        email: 'not-an-address',
        kind: 'castle',
        note: 'far too long',
        cost: '9',
      });
      expect.unreachable();
    } catch (error) {
      const messages = Object.fromEntries((error as AppError).details!.map((d) => [d.field, d.message]));
      expect(messages).toEqual({
        detail: 'Detail must be 20 characters or fewer — you have 2,431',
        days: 'Days a term must be a number, like 3 or 2.5',
        pupils: 'Pupils must be a whole number, like 3',
        email: 'Enter an email address in the right form, like name@school.org.uk',
        kind: 'Choose kind from the list (school, trust)',
        note: 'Note must be 5 characters or fewer — you have 12',
        cost: 'Cost must be between 1 and 5',
      });
    }
  });

  it('never shows a pattern, a schema keyword or a field code', () => {
    const Patterned = Type.Object({ laCode: Type.String({ pattern: '^[0-9]{3}$', examples: ['316'] }) });
    expect(() => parseForm(Patterned, { laCode: 'abc' })).toThrow('LA code must be written like 316');
    try {
      parseForm(Patterned, { laCode: 'abc' });
    } catch (error) {
      expect((error as AppError).message).not.toMatch(/\^|\[0-9\]|pattern|laCode|Expected/);
    }
  });

  it('uses the labels of the form when the schema has no title', () => {
    const Untitled = Type.Object({ daysPerTerm: Type.Number({ minimum: 0, maximum: 200 }) });
    expect(() => parseForm(Untitled, { daysPerTerm: '900' }, { labels: { daysPerTerm: 'Days you can give' } })).toThrow(
      'Days you can give must be between 0 and 200',
    );
    expect(() => parseForm(Untitled, { daysPerTerm: '900' })).toThrow('Days per term must be between 0 and 200');
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('29/02/2024')).toBe(false);
  });
});

describe('parseQueryLeniently', () => {
  it('keeps each valid filter even when the page requires another one that is missing', () => {
    const Query = Type.Object({
      scope: Type.String({ minLength: 1 }),
      period: Type.Optional(Type.String({ maxLength: 7 })),
    });
    expect(parseQueryLeniently(Query, { period: '2024/25', unknown: 'x' })).toEqual({ period: '2024/25' });
    expect(parseQueryLeniently(Query, { scope: 'la:316', period: 'far too long' })).toEqual({ scope: 'la:316' });
  });
});
