/**
 * The OpenIM REST calls a client needs for tokens (§9): every POST carries
 * `operationID` and JSON; replies are HTTP 200 `{errCode, errMsg, errDlt, data}`.
 */

/** A reply with errCode ≠ 0, or an HTTP/transport failure. */
export class ApiCallError extends Error {
  constructor(
    readonly route: string,
    readonly kind: 'api' | 'http' | 'timeout' | 'network' | 'malformed' | 'aborted',
    readonly errCode: number | null,
    message: string,
    /** The HTTP status, when a reply came (200 for every OpenIM refusal, §9; 404 for a missing route). */
    readonly status: number | null = null,
  ) {
    super(`${route}: ${message}`);
  }
}

/**
 * What authorises registration and user tokens (§14.1): the secret in the body
 * (≤ v3.8.1), or the admin token from `get_admin_token` in the `token` header (≥ v3.8.2).
 */
export type ApiCredential = { readonly kind: 'secret'; readonly secret: string } | { readonly kind: 'admin'; readonly token: string };

export interface ApiClientOptions {
  readonly apiUrl: string;
  readonly timeoutMs: number;
  readonly operationID: () => string;
  /** Aborts calls in flight (Ctrl-C during token preparation). */
  readonly signal?: AbortSignal;
}

/** The call's timeout, joined with the caller's abort signal when there is one (AbortSignal.any: Node ≥ 20.3). */
function callSignal(o: ApiClientOptions): AbortSignal {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  if (o.signal === undefined || typeof AbortSignal.any !== 'function') return timeout;
  return AbortSignal.any([o.signal, timeout]);
}

function fetchError(route: string, o: ApiClientOptions, err: unknown): ApiCallError {
  const e = err as Error;
  if (o.signal?.aborted === true) return new ApiCallError(route, 'aborted', null, 'aborted');
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new ApiCallError(route, 'timeout', null, `no answer within ${o.timeoutMs} ms`);
  return new ApiCallError(route, 'network', null, (e.cause as Error | undefined)?.message ?? e.message);
}

/** POST route with body; returns `data` (undefined when absent). */
export async function apiCall(o: ApiClientOptions, route: string, body: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', operationID: o.operationID() };
  if (token !== undefined) headers['token'] = token;
  let res: Response;
  try {
    res = await fetch(new URL(route, o.apiUrl), { method: 'POST', headers, body: JSON.stringify(body), signal: callSignal(o) });
  } catch (err) {
    throw fetchError(route, o, err);
  }
  let text: string;
  try {
    // The same signal bounds the body: a server that sends headers and then trickles times out too.
    text = await res.text();
  } catch (err) {
    throw fetchError(route, o, err);
  }
  if (res.status !== 200) throw new ApiCallError(route, 'http', null, `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ApiCallError(route, 'malformed', null, `not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof v !== 'object' || v === null || typeof (v as Record<string, unknown>)['errCode'] !== 'number') {
    throw new ApiCallError(route, 'malformed', null, `no errCode in ${text.slice(0, 200)}`);
  }
  const r = v as { errCode: number; errMsg?: unknown; errDlt?: unknown; data?: unknown };
  if (r.errCode !== 0)
    throw new ApiCallError(
      route,
      'api',
      r.errCode,
      `errCode ${r.errCode} ${String(r.errMsg ?? '')} ${String(r.errDlt ?? '')}`.trim(),
      res.status,
    );
  return r.data;
}

/** The secret as a credential (a plain string stays accepted for the ≤ v3.8.1 callers). */
function credential(c: string | ApiCredential): ApiCredential {
  return typeof c === 'string' ? { kind: 'secret', secret: c } : c;
}

/** `/user/user_register`; 1102 (already registered) is not an error here. ≥ v3.8.2: no secret, the admin token in the header (§14.1). */
export async function registerUsers(o: ApiClientOptions, auth: string | ApiCredential, userIDs: readonly string[]): Promise<void> {
  const c = credential(auth);
  const call = (ids: readonly string[]): Promise<unknown> => {
    const users = ids.map((userID) => ({ userID, nickname: userID, faceURL: '' }));
    return c.kind === 'secret'
      ? apiCall(o, '/user/user_register', { secret: c.secret, users })
      : apiCall(o, '/user/user_register', { users }, c.token);
  };
  try {
    await call(userIDs);
  } catch (err) {
    if (err instanceof ApiCallError && err.errCode === 1102) {
      // Some exist already: register one by one so the new ones are still added.
      for (const userID of userIDs) {
        try {
          await call([userID]);
        } catch (e) {
          if (!(e instanceof ApiCallError && e.errCode === 1102)) throw e;
        }
      }
      return;
    }
    throw err;
  }
}

/**
 * One token per (user, platform), to be reused (§6.3, §14.1): `/auth/user_token` with the
 * secret (≤ v3.8.1), or `/auth/get_user_token` with the admin token in the header (≥ v3.8.2).
 */
export async function userToken(o: ApiClientOptions, auth: string | ApiCredential, userID: string, platformID: number): Promise<string> {
  const c = credential(auth);
  const route = c.kind === 'secret' ? '/auth/user_token' : '/auth/get_user_token';
  const data =
    c.kind === 'secret'
      ? await apiCall(o, route, { secret: c.secret, platformID, userID })
      : await apiCall(o, route, { platformID, userID }, c.token);
  return tokenOf(route, data);
}

/** §14.1: `/auth/get_admin_token {secret, userID}` (whitelisted; userID must be in `imAdminUserID`, default imAdmin). */
export async function adminToken(o: ApiClientOptions, secret: string, adminUserID: string): Promise<string> {
  const route = '/auth/get_admin_token';
  return tokenOf(route, await apiCall(o, route, { secret, userID: adminUserID }));
}

function tokenOf(route: string, data: unknown): string {
  const token = (data as Record<string, unknown> | undefined)?.['token'];
  if (typeof token !== 'string' || token === '') throw new ApiCallError(route, 'malformed', null, 'reply has no data.token', 200);
  return token;
}
