import { AppError } from './errors.js';
import type { Actor } from './http-platform.js';

/** The signed-in actor, or the error every service gives to someone who has not signed in. */
export function requireSignedIn(actor: Actor | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first');
  return actor;
}
