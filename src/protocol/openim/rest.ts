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
  ) {
    super(`${route}: ${message}`);
  }
}

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
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new ApiCallError(route, 'timeout', null, `no answer within ${o.timeoutMs} ms`);
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
  if (res.status !== 200) throw new ApiCallError(route, 'http', null, `HTTP ${res.status}: ${text.slice(0, 200)}`);
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
  if (r.errCode !== 0) throw new ApiCallError(route, 'api', r.errCode, `errCode ${r.errCode} ${String(r.errMsg ?? '')} ${String(r.errDlt ?? '')}`.trim());
  return r.data;
}

/** `/user/user_register`; 1102 (already registered) is not an error here. */
export async function registerUsers(o: ApiClientOptions, secret: string, userIDs: readonly string[]): Promise<void> {
  try {
    await apiCall(o, '/user/user_register', { secret, users: userIDs.map((userID) => ({ userID, nickname: userID, faceURL: '' })) });
  } catch (err) {
    if (err instanceof ApiCallError && err.errCode === 1102) {
      // Some exist already: register one by one so the new ones are still added.
      for (const userID of userIDs) {
        try {
          await apiCall(o, '/user/user_register', { secret, users: [{ userID, nickname: userID, faceURL: '' }] });
        } catch (e) {
          if (!(e instanceof ApiCallError && e.errCode === 1102)) throw e;
        }
      }
      return;
    }
    throw err;
  }
}

/** `/auth/user_token`: one token per (user, platform), to be reused (§6.3). */
export async function userToken(o: ApiClientOptions, secret: string, userID: string, platformID: number): Promise<string> {
  const data = await apiCall(o, '/auth/user_token', { secret, platformID, userID });
  const token = (data as Record<string, unknown> | undefined)?.['token'];
  if (typeof token !== 'string' || token === '') throw new ApiCallError('/auth/user_token', 'malformed', null, 'reply has no data.token');
  return token;
}
