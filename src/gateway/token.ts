/**
 * Tokens: JWT HS256 with the server's secret (§1.3 check 5) and the token
 * status hash that OpenIM keeps in Redis (`UID_PID_TOKEN_STATUS:{uid}:{platform}`,
 * §1.3 checks 6–7, §6.3), kept in memory here. The owning module of `jose`.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, decodeJwt, errors as joseErrors } from 'jose';
import { TokenStatus } from '../protocol/openim/index.js';
import type { TimeSource } from '../time/index.js';

/** The OpenIM claims (tools `tokenverify.Claims`). */
interface TokenClaims {
  readonly userID: string;
  readonly platformID: number;
}

/** Why a JWT was refused, mapped as OpenIM maps golang-jwt v4's validation bits (§1.3 check 5). */
type TokenParseFailure = 'malformed' | 'expired' | 'notValidYet' | 'unknown';

export type TokenParseResult =
  { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly failure: TokenParseFailure };

/** Mints and verifies OpenIM tokens and keeps their status. */
export class TokenService {
  /** A KeyObject, not raw bytes: jose would import raw bytes into WebCrypto on every sign and verify. */
  private readonly key: KeyObject;
  private readonly status = new Map<string, Map<string, number>>();

  constructor(
    secret: string,
    private readonly expireDays: number,
    /** The gateway's clock: `iat`, `nbf`, `exp` and expiry checks read its wall time. */
    private readonly clock: Pick<TimeSource, 'epochMs'>,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** §1.3: nbf = now − 5 min, iat = now, exp = now + expire days. Adds the token with status 0 and prunes tokens that are not normal (§9). */
  async mint(userID: string, platformID: number, platformName: string): Promise<{ token: string; expireTimeSeconds: number }> {
    const now = Math.floor(this.clock.epochMs() / 1000);
    const expireTimeSeconds = Math.round(this.expireDays * 86_400);
    const token = await new SignJWT({ UserID: userID, PlatformID: platformID })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setNotBefore(now - 300)
      .setIssuedAt(now)
      .setExpirationTime(now + expireTimeSeconds)
      .sign(this.key);
    const hash = this.hash(userID, platformName, true);
    for (const [t, s] of hash) if (s !== TokenStatus.Normal) hash.delete(t);
    hash.set(token, TokenStatus.Normal);
    return { token, expireTimeSeconds };
  }

  /** Verifies signature and time claims; the order of checks follows golang-jwt v4 as OpenIM reads it. */
  async parse(token: string): Promise<TokenParseResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.epochMs()) });
      const userID = payload['UserID'];
      const platformID = payload['PlatformID'];
      if (typeof userID !== 'string' || typeof platformID !== 'number') return { ok: false, failure: 'unknown' };
      return { ok: true, claims: { userID, platformID } };
    } catch (err) {
      return { ok: false, failure: classify(token, err, Math.floor(this.clock.epochMs() / 1000)) };
    }
  }

  /** The token-status hash of (user, platform name), like HGETALL; undefined when absent. */
  statuses(userID: string, platformName: string): ReadonlyMap<string, number> | undefined {
    return this.hash(userID, platformName, false);
  }

  /** §6.3 step 3: every token of (user, platform) other than `keep` becomes KickedToken. */
  kickOthers(userID: string, platformName: string, keep: string): number {
    const hash = this.hash(userID, platformName, false);
    if (hash === undefined) return 0;
    let kicked = 0;
    for (const t of hash.keys()) {
      if (t !== keep && hash.get(t) !== TokenStatus.Kicked) {
        hash.set(t, TokenStatus.Kicked);
        kicked++;
      }
    }
    return kicked;
  }

  private hash(userID: string, platformName: string, create: true): Map<string, number>;
  private hash(userID: string, platformName: string, create: false): Map<string, number> | undefined;
  private hash(userID: string, platformName: string, create: boolean): Map<string, number> | undefined {
    const key = `${userID}:${platformName}`;
    let h = this.status.get(key);
    if (h === undefined && create) {
      h = new Map();
      this.status.set(key, h);
    }
    return h;
  }
}

/** golang-jwt v4 sets several bits at once; OpenIM tests malformed, then expired, then not-valid-yet. */
function classify(token: string, err: unknown, now: number): TokenParseFailure {
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'malformed';
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return err.claim === 'nbf' ? 'notValidYet' : 'unknown';
  // A bad signature: golang-jwt still validates the time claims, and OpenIM reports those bits first.
  try {
    const claims = decodeJwt(token);
    if (typeof claims.exp === 'number' && now > claims.exp) return 'expired';
    if (typeof claims.nbf === 'number' && now < claims.nbf) return 'notValidYet';
  } catch {
    return 'malformed';
  }
  return 'unknown';
}
