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

/** The signed-in actor when an administrator; anyone else is refused `what` (what they tried to do). */
export function requireAdmin(actor: Actor | undefined, what = 'do this'): Actor {
  const signedIn = requireSignedIn(actor);
  if (!signedIn.isAdmin) throw new AppError('forbidden', `Only an administrator can ${what}`);
  return signedIn;
}
