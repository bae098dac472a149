import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../platform/http/errors.js';

/** The keys family text is sealed with: the current one, and the one before it while a rotation runs. */
export interface FamilyKeys {
  current: string;
  previous?: string;
}

/** A family key is 32 random bytes written in base64 (`syslead family-key new` makes one). */
export function familyKeyProblem(raw: string): string | undefined {
  return Buffer.from(raw, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(raw)
    ? undefined
    : 'must be 32 random bytes in base64, such as `syslead family-key new` prints';
}

export const newFamilyKey = () => randomBytes(32).toString('base64');

const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 8);
const PREFIX = 's1';

/**
 * Seals and opens the free text of family records with AES-256-GCM, under a key kept outside
 * the database: `s1:<key id>:<iv>:<tag>:<text>`. A value sealed with the previous key still
 * opens while a rotation runs; `current` says whether a value needs sealing again.
 */
export function createSealer(keys: FamilyKeys) {
  const byId = new Map<string, Buffer>();
  for (const key of [keys.current, keys.previous]) if (key) byId.set(keyId(key), Buffer.from(key, 'base64'));
  const currentId = keyId(keys.current);
  const currentKey = byId.get(currentId)!;
  return {
    seal(text: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return [
        PREFIX,
        currentId,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    open(sealed: string): string {
      const [prefix, id, iv, tag, body] = sealed.split(':');
      const key = id ? byId.get(id) : undefined;
      if (prefix !== PREFIX || !key || !iv || !tag || body === undefined)
        throw new AppError(
          'internal',
          'Some family text is sealed with a key this installation does not have: set SYSLEAD_FAMILY_KEY_PREVIOUS to the key it was sealed with',
        );
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    current: (sealed: string) => sealed.split(':')[1] === currentId,
  };
}
export type Sealer = ReturnType<typeof createSealer>;
