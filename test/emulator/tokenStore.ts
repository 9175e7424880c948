// Access tokens the emulator has issued, OAuth authorization codes, and the app's credentials.
import { randomBytes } from 'node:crypto';
import { type EmulatorClock, systemClock } from './clock';
import { type Prng } from './prng';

/** What a token stands for. */
export interface TokenInfo {
  kind: 'client' | 'user';
  /** The user a user token acts for. */
  userId?: string;
  /** Epoch milliseconds after which the token is refused; Infinity for client tokens. */
  expiresAt: number;
  revoked: boolean;
}

/** An authorization code waiting to be exchanged. */
export interface PendingCode {
  clientId: string;
  userId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

/** How long an authorization code can be exchanged, as on the real service (short). */
export const codeTtlMs = 10 * 60 * 1000;

/** Tokens and codes, checked on every request. */
export class TokenStore {
  /** The app's client id (digits). */
  readonly clientId: string;
  /** The app's client secret, sent by `/token` callers as `Authorization: OAuth <secret>`. */
  readonly clientSecret: string;
  /** A valid client access token. */
  readonly clientToken: string;
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly codes = new Map<string, PendingCode>();

  constructor(
    rng: Prng,
    private readonly defaultTtlSeconds: number,
    /** The time tokens and codes expire by. */
    readonly clock: EmulatorClock = systemClock,
  ) {
    this.clientId = rng.digits(16);
    this.clientSecret = `MLY|${this.clientId}|${rng.chars(32, '0123456789abcdef')}`;
    this.clientToken = `MLY|${this.clientId}|${rng.chars(32, '0123456789abcdef')}`;
    this.tokens.set(this.clientToken, { kind: 'client', expiresAt: Infinity, revoked: false });
  }

  /** The token's record when it is usable now, else undefined. */
  check(token: string | undefined): TokenInfo | undefined {
    if (!token) {
      return undefined;
    }
    const info = this.tokens.get(token);
    if (!info || info.revoked || info.expiresAt <= this.clock.now()) {
      return undefined;
    }
    return info;
  }

  /** Issues a user token valid for `ttlSeconds` (the default TTL unless told). */
  issueUserToken(
    userId: string,
    ttlSeconds = this.defaultTtlSeconds,
  ): { token: string; ttl: number } {
    // User tokens are random and unguessable; they are not part of the seeded data.
    const token = `MLY|${randomDigits(16)}|${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, {
      kind: 'user',
      userId,
      expiresAt: this.clock.now() + ttlSeconds * 1000,
      revoked: false,
    });
    return { token, ttl: ttlSeconds };
  }

  /** Makes a token unusable from now on. */
  revoke(token: string): void {
    const info = this.tokens.get(token);
    if (info) {
      info.revoked = true;
    }
  }

  /** Records a new authorization code for the app and user. */
  issueCode(userId: string, redirectUri: string): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      clientId: this.clientId,
      userId,
      redirectUri,
      expiresAt: this.clock.now() + codeTtlMs,
      used: false,
    });
    return code;
  }

  /** Looks a code up without consuming it. */
  code(code: string): PendingCode | undefined {
    return this.codes.get(code);
  }
}

function randomDigits(n: number): string {
  let out = String(1 + ((randomBytes(1)[0] ?? 0) % 9));
  for (const b of randomBytes(n - 1)) {
    out += String(b % 10);
  }
  return out;
}
