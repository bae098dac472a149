import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { isIsoDate, parseForm } from './validate.js';

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
      expect((error as AppError).details!.find((d) => d.field === 'name')!.message).toBe('is required');
    }
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('29/02/2024')).toBe(false);
  });
});
