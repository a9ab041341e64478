import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secrets.ts';

const SECRET = 'an-installation-secret-of-enough-length-0123';
const KEY = 'sk-ant-admin01-abcdefghijklmnopqrstuvwxyz0123456789';
const CONTEXT = { orgId: '11111111-1111-4111-8111-111111111111', connector: 'anthropic' };

describe('createSecretBox', () => {
  it('round-trips a credential', () => {
    const box = createSecretBox(SECRET);
    expect(box.decrypt(box.encrypt(KEY, CONTEXT), CONTEXT)).toBe(KEY);
  });

  it('never stores the credential or any long piece of it, in any encoding', () => {
    const stored = createSecretBox(SECRET).encrypt(KEY, CONTEXT);
    for (const form of [KEY, Buffer.from(KEY).toString('base64'), Buffer.from(KEY).toString('base64url'), Buffer.from(KEY).toString('hex')]) {
      for (let i = 0; i + 8 <= form.length; i += 4) expect(stored).not.toContain(form.slice(i, i + 8));
    }
    expect(stored.startsWith('v1.')).toBe(true);
  });

  it('uses a fresh nonce each time', () => {
    const box = createSecretBox(SECRET);
    expect(box.encrypt(KEY, CONTEXT)).not.toBe(box.encrypt(KEY, CONTEXT));
  });

  it('refuses another app secret, another row, or a tampered value', () => {
    const stored = createSecretBox(SECRET).encrypt(KEY, CONTEXT);
    expect(() => createSecretBox(`${SECRET}-changed`).decrypt(stored, CONTEXT)).toThrow(/cannot be decrypted/);
    expect(() => createSecretBox(SECRET).decrypt(stored, { ...CONTEXT, connector: 'copilot' })).toThrow(/cannot be decrypted/);
    expect(() => createSecretBox(SECRET).decrypt(stored, { ...CONTEXT, orgId: '22222222-2222-4222-8222-222222222222' })).toThrow(/cannot be decrypted/);
    const [v, iv, tag, body] = stored.split('.');
    const flipped = `${body!.slice(0, -2)}${body!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => createSecretBox(SECRET).decrypt([v, iv, tag, flipped].join('.'), CONTEXT)).toThrow(/cannot be decrypted/);
    expect(() => createSecretBox(SECRET).decrypt('plaintext-key', CONTEXT)).toThrow(/cannot be decrypted/);
  });

  it('will not derive a key from a trivially short secret', () => {
    expect(() => createSecretBox('short')).toThrow(/too short/);
  });
});
