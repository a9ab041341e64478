import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../../errors.ts';

/**
 * Encrypts connector credentials (admin keys, tokens) at rest: AES-256-GCM with a key derived by
 * HKDF-SHA256 from the installation's secret. The ciphertext is bound to its organization and
 * connector (additional authenticated data), so a stored value cannot be moved to another row.
 */
export type SecretBox = Readonly<{
  encrypt: (plaintext: string, context: SecretContext) => string;
  decrypt: (ciphertext: string, context: SecretContext) => string;
}>;

export type SecretContext = Readonly<{ orgId: string; connector: string }>;

const VERSION = 'v1';
const HKDF_SALT = 'seatwise/connector-secrets';
const HKDF_INFO = 'aes-256-gcm/v1';

const aad = (context: SecretContext) => Buffer.from(`${context.orgId}:${context.connector}`, 'utf8');

/** A box keyed from `appSecret` (SEATWISE_SECRET or the generated one in the data folder). */
export function createSecretBox(appSecret: string): SecretBox {
  if (appSecret.length < 16) throw new Error('The app secret is too short to derive an encryption key');
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(appSecret, 'utf8'), Buffer.from(HKDF_SALT), Buffer.from(HKDF_INFO), 32));
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(ciphertext, context) {
      const [version, iv, tag, body] = ciphertext.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw unreadable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(aad(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw unreadable();
      }
    },
  };
}

const unreadable = () =>
  new AppError('CONFLICT', { message: 'The stored connector credential cannot be decrypted (the app secret changed?). Set the credential again.' });
