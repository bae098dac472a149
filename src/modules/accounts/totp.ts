/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): the six-digit codes of
 * authenticator apps, from a shared secret and the time in 30-second steps.
 */
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;

/** A new secret of 160 bits, written in base32 as authenticator apps expect. */
export function generateTotpSecret(): string {
  let bits = '';
  for (const byte of randomBytes(20)) bits += byte.toString(2).padStart(8, '0');
  return bits
    .match(/.{5}/g)!
    .map((chunk) => ALPHABET[parseInt(chunk, 2)])
    .join('');
}

function base32ToBytes(secret: string): Buffer {
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error('The secret is not base32');
    bits += value.toString(2).padStart(5, '0');
  }
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/** The time step a moment falls in. */
export function stepAt(time: number): number {
  return Math.floor(time / 1000 / STEP_SECONDS);
}

/** The six-digit code of a secret at a time step. */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32ToBytes(secret)).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/**
 * The step a code was made for, if it matches the current step or one either side (clocks
 * drift); undefined when it matches none. Callers refuse a step already used (replay).
 */
export function matchingStep(secret: string, code: string, time = Date.now()): number | undefined {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return undefined;
  const now = stepAt(time);
  return [now, now - 1, now + 1].find((step) => totpCode(secret, step) === clean);
}

/** The address an authenticator app reads (typed in, or from a QR code of it). */
export function otpauthUri(secret: string, email: string): string {
  return `otpauth://totp/Syslead:${encodeURIComponent(email)}?secret=${secret}&issuer=Syslead&algorithm=SHA1&digits=6&period=30`;
}
