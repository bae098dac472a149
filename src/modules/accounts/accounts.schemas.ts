import { Type } from '@sinclair/typebox';
import { MAX_PASSWORD_LENGTH } from './password-rules.js';

export const SignInForm = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const ChangePasswordForm = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  confirmPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});

export const TokenScopeSchema = Type.Union([Type.Literal('read'), Type.Literal('write')], {
  description: '`read` (the default): GET requests only; `write`: everything your account may do',
});

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    scope: Type.Optional(TokenScopeSchema),
  },
  { additionalProperties: false },
);

export const TokenView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: TokenScopeSchema,
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const MeView = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  isAdmin: Type.Boolean(),
});
