/**
 * Session tokens: 32 random bytes (base64url, 43 characters), shown to the client once; the store keeps only the
 * SHA-256 of a token, so reading the database gives nobody a way in. A fast hash is right here (unlike passwords):
 * the token is random, not guessable.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Prefix so a leaked token is recognisable in logs and scanners ("cds_" = Cordon session). */
export const SESSION_PREFIX = 'cds_';

export const newSessionToken = () => SESSION_PREFIX + randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
export const looksLikeSessionToken = (token: string) => token.startsWith(SESSION_PREFIX);
