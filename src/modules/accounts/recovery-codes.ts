/**
 * Recovery codes of two-factor sign-in: ten at a time, each usable once instead of a code from
 * the app (a lost or broken phone). Shown once when made; kept only as argon2id hashes.
 */
import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when copied by hand (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODES = 10;
const LENGTH = 10;

/** Ten new codes, written in two groups of five (about 49 bits each). */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A code as typed (any case, spaces or hyphens) in the form it is hashed in; undefined when it cannot be one. */
export function normalisedRecoveryCode(typed: string): string | undefined {
  const clean = typed.replace(/[\s-]/g, '').toUpperCase();
  return clean.length === LENGTH && [...clean].every((c) => ALPHABET.includes(c)) ? clean : undefined;
}
