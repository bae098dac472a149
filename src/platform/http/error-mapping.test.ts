import { describe, expect, it } from 'vitest';
import { safeNext } from './api-schemas.js';
import { AppError } from './errors.js';
import { problemsFromValidation, toAppError } from './error-mapping.js';
import { parseForm } from './validate.js';
import { createValidatorCompiler } from './validator.js';
import { Type } from '@sinclair/typebox';

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
        {
          keyword: 'required',
          instancePath: '',
          params: { missingProperty: 'name' },
          parentSchema: { properties: { name: { type: 'string', title: 'Name' } } },
        },
        { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'colour' } },
        { keyword: 'minimum', instancePath: '/pupils', parentSchema: { type: 'integer', minimum: 0 }, data: -1 },
      ]),
    ).toEqual([
      { field: 'name', rule: 'required', message: 'Enter name' },
      { field: 'colour', rule: 'additionalProperties', message: 'Colour is not something this form or request takes' },
      { field: 'pupils', rule: 'minimum', message: 'Pupils must be at least 0' },
    ]);
  });
});

describe('the API and the forms say the same', () => {
  const Body = Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 10, title: 'Name' }),
      note: Type.Optional(Type.Union([Type.String({ maxLength: 5 }), Type.Null()], { title: 'Note' })),
      kind: Type.Union([Type.Literal('school'), Type.Literal('trust')], { title: 'Kind' }),
      when: Type.Optional(Type.String({ format: 'date', title: 'Opening date' })),
    },
    { additionalProperties: false },
  );
  const validate = createValidatorCompiler()({ schema: Body, httpPart: 'body', method: 'POST', url: '/' } as never);

  it.each<Record<string, unknown>>([
    { name: 'x'.repeat(12), kind: 'school' },
    { name: 'Ada', note: 'too long', kind: 'school' },
    { name: 'Ada', kind: 'castle' },
    { name: 'Ada', kind: 'trust', when: '2025-02-30' },
    { kind: 'trust' },
  ])('for %j', (body) => {
    (validate as (data: unknown) => boolean)(body);
    const api = problemsFromValidation((validate as unknown as { errors: never[] }).errors);
    let form: AppError | undefined;
    try {
      parseForm(Body, body);
    } catch (error) {
      form = error as AppError;
    }
    expect(api.map((p) => [p.field, p.message])).toEqual(form!.details!.map((p) => [p.field, p.message]));
    for (const problem of api)
      expect(problem.message).not.toMatch(/must match|Expected|\^|must be (string|integer)|format "/);
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
