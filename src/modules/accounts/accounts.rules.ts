/** The rules every part of the accounts service shares: roles, who manages members, emails and new passwords. */
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { Db } from '../../db/database.js';
import type { AuditEvent, AuditService } from '../audit/index.js';
import type { AccountsRepository } from './accounts.repository.js';
import { passwordProblems } from './password-rules.js';

export const MEMBER_ROLES = ['leader', 'member', 'viewer', 'coordinator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Whether the actor may see and change who belongs to an organisation, and invite people to it. */
export function canManageMembers(actor: Actor, organisationId: number): boolean {
  return actor.isAdmin || managedOrganisations(actor).includes(organisationId);
}

/** The organisations whose members the actor manages as a leader or coordinator (an administrator manages all). */
export function managedOrganisations(actor: Actor): number[] {
  return actor.memberships.filter((m) => m.role === 'leader' || m.role === 'coordinator').map((m) => m.organisationId);
}

/** Refuses a role that is not one of the membership roles. */
export function checkRole(role: string): asserts role is MemberRole {
  if (!(MEMBER_ROLES as readonly string[]).includes(role))
    throw new AppError('validation', 'Choose a role', [
      { field: 'role', message: `Choose a role: ${MEMBER_ROLES.join(', ')}` },
    ]);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Refuses a password the rules do not allow, naming the form field it was typed in. */
export function checkNewPassword(password: string, email: string, field = 'newPassword'): void {
  const problems = passwordProblems(password, email);
  if (problems.length)
    throw new AppError(
      'validation',
      'Choose another password',
      problems.map((message) => ({ field, message })),
    );
}

/** What the parts of the accounts service (invitations, the directory of accounts) are built on. */
export interface AccountsParts {
  db: Db;
  repo: AccountsRepository;
  audit: AuditService;
  /** Runs a write and its audit entry in one transaction (the one way to write). */
  audited<T>(
    actor: Actor | undefined,
    write: (r: AccountsRepository, trx: Db) => Promise<T>,
    event: (result: T) => AuditEvent,
  ): Promise<T>;
  /** Opens a session through the repository of the transaction it belongs to. */
  createSession(
    r: AccountsRepository,
    userId: number,
    secondFactorPending?: boolean,
  ): Promise<{ token: string; expiresAt: Date }>;
  /** The configured public address, for absolute links. */
  publicUrl: string;
}
