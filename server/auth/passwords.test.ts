import { describe, expect, it } from 'vitest';
import { hashPassword, SCRYPT, verifyPassword } from './passwords';
import { looksLikeSessionToken, newSessionToken, tokenHash } from './sessionTokens';

describe('passwords (scrypt)', () => {
  it('verifies the right password only, with a fresh salt and memory-hard parameters in every hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    const [kind, log2N, r, p] = a.split('$');
    expect([kind, Number(log2N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT.log2N, SCRYPT.r, SCRYPT.p]);
    expect(Number(log2N)).toBeGreaterThanOrEqual(15);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('still verifies a hash made with other parameters, and refuses anything that is not one of its hashes', async () => {
    const cheap = await hashPassword('old password 1', { log2N: 10, r: 8, p: 1 });
    expect(await verifyPassword('old password 1', cheap)).toBe(true);
    for (const bad of ['', 'plain text', 'scrypt$15$8$1$$', 'scrypt$40$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'bcrypt$x']) {
      expect(await verifyPassword('plain text', bad)).toBe(false);
    }
  });
});

describe('session tokens', () => {
  it('are random 32-byte tokens, recognisable, and stored as a hash that does not reveal them', () => {
    const t = newSessionToken();
    expect(looksLikeSessionToken(t)).toBe(true);
    expect(looksLikeSessionToken('cordon-dev-controller')).toBe(false);
    expect(Buffer.from(t.slice(4), 'base64url')).toHaveLength(32);
    expect(newSessionToken()).not.toBe(t);
    expect(tokenHash(t)).toBe(tokenHash(t));
    expect(tokenHash(t)).not.toContain(t.slice(4, 20));
  });
});
