import { AppError } from './errors.js';
import type { Actor } from './actor.js';

/** The account behind an actor for `created_by` columns: null for the command line, which acts as user 0. */
export function accountIdOf(actor: Actor): number | null {
  return actor.userId > 0 ? actor.userId : null;
}

/** The signed-in actor, or the error every service gives to someone who has not signed in. */
export function requireSignedIn(actor: Actor | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first');
  return actor;
}
