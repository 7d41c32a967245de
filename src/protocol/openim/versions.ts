/**
 * What changes for a client between OpenIM release lines (§14): how tokens are
 * obtained (§14.1) and whether the handshake verdict comes as a text frame
 * after the 101 (`isMsgResp`, §1.6, §14.2). The wire format itself (gob,
 * gzip, reqIdentifiers) is the same in every tag through v3.8.3.
 *
 * `auto` asks the server: `/auth/get_admin_token` exists from v3.8.2 on, and a
 * 404 means an older API that still has `/auth/user_token` (§14.1).
 *
 * @module
 */
import { adminToken, ApiCallError, type ApiClientOptions } from './rest.js';

export { defaultAdminUser, openimVersions, type OpenImVersion } from '../../catalog/openim-versions.js';
import type { OpenImVersion } from '../../catalog/openim-versions.js';

/**
 * How user tokens are obtained (§14.1):
 * - `user-token`: `/user/user_register` and `/auth/user_token` with the secret in the body (≤ v3.8.1);
 * - `admin-token`: `/auth/get_admin_token`, then register and `/auth/get_user_token` with the admin token in the `token` header (≥ v3.8.2).
 */
export type TokenFlow = 'user-token' | 'admin-token';

/** What each flow is, for reports, the summary and `--help`. @public a documentation catalog, kept complete by the compiler */
export const TOKEN_FLOWS: Readonly<Record<TokenFlow, string>> = {
  'user-token': 'secret in the body: /user/user_register, /auth/user_token (OpenIM ≤ v3.8.1)',
  'admin-token':
    'admin token: /auth/get_admin_token, then /user/user_register and /auth/get_user_token with the token header (OpenIM ≥ v3.8.2)',
};

/** The flow a release line uses; null for `auto` (decided by {@link detectTokenFlow}). */
export function tokenFlowOf(version: OpenImVersion): TokenFlow | null {
  if (version === 'auto') return null;
  return version === '3.8.2' ? 'admin-token' : 'user-token';
}

/**
 * `isMsgResp=true` unless told otherwise (§1.6, §14.2): off for 3.5 (the v3.5.1 tag
 * ignores the parameter and would never send the frame we would wait for), on for
 * 3.6+; for `auto`, on only when the server showed itself ≥ v3.8.2 (the admin flow),
 * since a `user_token` API may be v3.5.1.
 */
export function defaultMsgResp(version: OpenImVersion, flow: TokenFlow | null): boolean {
  if (version === 'auto') return flow === 'admin-token';
  return version !== '3.5';
}

/** What was decided for this run, for the report (`openim`) and the summary. */
export interface OpenImPlan {
  /** `--openim-version` as given (or the default `auto`). */
  readonly version: OpenImVersion;
  /** null: tokens did not come from the REST API (`--token`, `--token-file`). */
  readonly tokenFlow: TokenFlow | null;
  /** true when `auto` probed the API to choose the flow. */
  readonly detected: boolean;
  /** `isMsgResp=true` on every connection. */
  readonly msgResp: boolean;
  /** The IM admin user ID the admin flow asks a token for (never the token itself). */
  readonly adminUser: string;
}

/**
 * `auto`: asks for an admin token. Success: ≥ v3.8.2 (`admin-token`); HTTP 404:
 * the route does not exist, an older API (`user-token`). Any other failure is
 * the caller's error to report (a refused secret is the same mistake in both flows).
 */
export async function detectTokenFlow(o: ApiClientOptions, secret: string, adminUser: string): Promise<TokenFlow> {
  try {
    await adminToken(o, secret, adminUser);
    return 'admin-token';
  } catch (err) {
    if (err instanceof ApiCallError && err.kind === 'http' && err.status === 404) return 'user-token';
    throw err;
  }
}
