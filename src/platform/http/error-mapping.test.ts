import { describe, expect, it } from 'vitest';
import { safeNext } from './api-schemas.js';
import { AppError } from './errors.js';
import { problemsFromValidation, toAppError } from './error-mapping.js';

describe('toAppError', () => {
  it('keeps our own errors', () => {
    const error = new AppError('forbidden', 'No');
    expect(toAppError(error)).toBe(error);
  });

  it('maps database errors to what they mean for the client', () => {
    expect(toAppError({ code: '23505' }).code).toBe('conflict');
    expect(toAppError({ code: '23514' }).code).toBe('validation');
    expect(toAppError({ code: 'ECONNREFUSED' }).code).toBe('unavailable');
    expect(toAppError({ code: '57P01' }).code).toBe('unavailable');
  });

  it('hides anything unknown behind an internal error', () => {
    const mapped = toAppError(new Error('secret detail about the server'));
    expect(mapped.code).toBe('internal');
    expect(mapped.message).not.toContain('secret');
  });
});

describe('problemsFromValidation', () => {
  it('names the field for required, unknown and nested problems', () => {
    expect(
      problemsFromValidation([
        { keyword: 'required', instancePath: '', params: { missingProperty: 'name' } },
        { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'colour' } },
        { keyword: 'minimum', instancePath: '/pupils', message: 'must be >= 0' },
      ]),
    ).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'colour', message: 'is not a known field' },
      { field: 'pupils', message: 'must be >= 0' },
    ]);
  });
});

describe('safeNext', () => {
  it('only returns to paths on this site', () => {
    expect(safeNext('/organisations?q=a')).toBe('/organisations?q=a');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
