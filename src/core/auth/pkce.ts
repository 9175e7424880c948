// Random values of one sign-in attempt: the `state` that ties the browser's callback to the attempt,
// and a PKCE pair (RFC 7636). Mapillary does not document PKCE; sending the challenge costs nothing
// and protects the code wherever the service honours it.
import { createHash, randomBytes } from 'node:crypto';

/** A PKCE verifier and its S256 challenge. */
export interface PkcePair {
  /** Kept by the client and sent with the code exchange. */
  verifier: string;
  /** Sent on the authorize URL: base64url(SHA-256(verifier)). */
  challenge: string;
  method: 'S256';
}

/** An unguessable `state` value (256 bits, base64url). */
export function randomState(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair; the verifier is 43 characters of base64url, the shortest RFC 7636 allows. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
