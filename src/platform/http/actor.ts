/** Who is making a request, as the services see them. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  isAdmin: boolean;
  mustChangePassword: boolean;
  /** The organisations the user belongs to, and in what role (leader, member, viewer, coordinator). */
  memberships: Array<{ organisationId: number; role: string }>;
  /** Where the request came from, for the audit trail. */
  ip?: string;
  /** An administrator who has not yet set up two-factor sign-in (required for them). */
  mustEnrolSecondFactor?: boolean;
  /**
   * How the caller arrived: a signed-in browser session, a personal access token that may
   * only read or may also write, or the command line. Absent for work the application does
   * itself (tests, the demo loader).
   */
  via?: 'session' | 'read-token' | 'write-token' | 'cli';
  /**
   * The version of the data read with the session or token (see `db/data-version.ts`): reads
   * cached at this version may be served to this request. Absent: every read is fresh.
   */
  dataVersion?: number;
}

/** Whether the caller is using a personal access token (of either scope). */
export function viaToken(actor: Pick<Actor, 'via'>): boolean {
  return actor.via === 'read-token' || actor.via === 'write-token';
}

/** What an account still has to do before anything else opens, or undefined when it is set up. */
export function unfinishedSetUp(
  actor: Pick<Actor, 'mustChangePassword' | 'mustEnrolSecondFactor'>,
): { message: string; page: string } | undefined {
  if (actor.mustChangePassword)
    return {
      message: 'Finish setting up your account first: choose a new password (at /account/password)',
      page: '/account/password',
    };
  if (actor.mustEnrolSecondFactor)
    return {
      message: 'Finish setting up your account first: set up two-factor sign-in (at /account/two-factor)',
      page: '/account/two-factor',
    };
  return undefined;
}

/** A session: the signed-in actor, or one that still has to give its second factor. */
export type SessionState = { actor: Actor; secondFactorPending: boolean };

/** How the platform turns credentials into an actor; supplied by the accounts module. */
export interface Authenticator {
  actorFromSession(sessionToken: string): Promise<SessionState | undefined>;
  actorFromBearer(token: string): Promise<Actor | undefined>;
}

/** Syslead itself, in a background job: it reads as an administrator and records as itself. */
export const BACKGROUND_JOB: Actor = {
  userId: 0,
  email: 'background-job',
  name: 'Syslead background job',
  isAdmin: true,
  mustChangePassword: false,
  memberships: [],
};
