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

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const MemberRole = Type.Union(
  [Type.Literal('leader'), Type.Literal('member'), Type.Literal('viewer'), Type.Literal('coordinator')],
  { description: 'leader and coordinator manage the organisation and its members; member also sees contact details' },
);

export const InvitationCreateBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    organisationId: Id,
    role: MemberRole,
  },
  { additionalProperties: false },
);

/** The invitation form: the same fields, the role read as any text so a bad one is named plainly. */
export const InvitationForm = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  organisationId: Id,
  role: Type.String({ minLength: 1, maxLength: 20 }),
});

export const InvitationView = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  role: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('withdrawn'),
    Type.Literal('expired'),
  ]),
  expiresAt: Type.String({ format: 'date-time' }),
  invitedByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  link: Type.Optional(
    Type.Union([Type.String({ description: 'The link to accept it, while it is pending' }), Type.Null()]),
  ),
});

export const AccountView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  isAdmin: Type.Boolean(),
  disabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastSignedInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  twoFactor: Type.Boolean(),
  memberships: Type.Array(
    Type.Object({ organisationId: Type.Integer(), organisationName: Type.String(), role: Type.String() }),
  ),
});

export const AccountListQuery = Type.Object({
  organisationId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

export const MembershipParams = Type.Object({ id: Id, organisationId: Id });
export const MembershipRoleBody = Type.Object({ role: MemberRole }, { additionalProperties: false });

export const AcceptInvitationForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  confirmPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
