/**
 * Where an OpenIM virtual user's token comes from: one static token, a token
 * file, or the REST API (§9). Tokens are fetched once, in `prepare`, before
 * load starts; `tokenFor` only reads the cache. The REST API is used in one
 * of two flows by release (§14.1): `user-token` (secret in the body, ≤ v3.8.1)
 * or `admin-token` (an admin token in the `token` header, ≥ v3.8.2), chosen
 * once per run by {@link planOpenIm}.
 *
 * One token per (user, platform), reused for every reconnect (§6.3): every
 * `/auth/user_token` call mints a new token, and a connection made with a
 * fresh token kicks the older same-platform connection and marks the older
 * tokens kicked (1506). Minting per reconnect would measure our own kicks.
 */
import { readFile } from 'node:fs/promises';
import { ImstressError } from '../../errors.js';
import type { TokenSource } from '../../config/run-config.js';
import { adminToken, registerUsers, userToken, type ApiClientOptions, type ApiCredential } from './rest.js';
import {
  defaultAdminUser,
  defaultMsgResp,
  detectTokenFlow,
  tokenFlowOf,
  type OpenImPlan,
  type OpenImVersion,
  type TokenFlow,
} from './versions.js';
import { apiError, type TokenStep } from './token-errors.js';

/** A token source with the embedded target already resolved to its API. */
export type ResolvedTokenSource = Exclude<TokenSource, { readonly kind: 'embedded-api' }>;

/** Who needs a token: a user on a platform (a `VuIdentity` fits). */
interface TokenUser {
  readonly userID: string;
  readonly platformID: number;
}

export interface TokenProvider {
  readonly kind: ResolvedTokenSource['kind'];
  /** Loads, registers and fetches every token the users need; throws ImstressError. `onProgress`: tokens in so far, of how many. */
  prepare(users: readonly TokenUser[], signal: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** The cached token; throws ImstressError when `prepare` did not provide one. */
  tokenFor(userID: string, platformID: number): string;
}

/** The REST calls the `api` source makes (injectable so tests can count them). */
export interface TokenApiClient {
  register(o: ApiClientOptions, auth: ApiCredential, userIDs: readonly string[]): Promise<void>;
  token(o: ApiClientOptions, auth: ApiCredential, userID: string, platformID: number): Promise<string>;
  /** §14.1 `get_admin_token` (the `admin-token` flow only). */
  admin(o: ApiClientOptions, secret: string, adminUserID: string): Promise<string>;
}

export interface TokenProviderOptions {
  /** Per-call REST timeout. */
  readonly timeoutMs?: number;
  /** operationID header prefix (§9: every POST needs one). */
  readonly operationIdPrefix?: string;
  /** Users per `/user/user_register` call. */
  readonly registerBatchSize?: number;
  readonly client?: TokenApiClient;
  /** How the `api` source gets tokens (§14.1); default `user-token` (≤ v3.8.1). */
  readonly flow?: TokenFlow;
  /** The IM admin user ID for `get_admin_token` (default imAdmin, §14.1). */
  readonly adminUser?: string;
}

const defaultClient: TokenApiClient = { register: registerUsers, token: userToken, admin: adminToken };

export function createTokenProvider(source: ResolvedTokenSource, opts: TokenProviderOptions = {}): TokenProvider {
  switch (source.kind) {
    case 'static':
      return { kind: 'static', prepare: () => Promise.resolve(), tokenFor: () => source.token };
    case 'file':
      return fileProvider(source.path);
    case 'api':
      return apiProvider(source, opts);
  }
}

const key = (userID: string, platformID: number): string => `${userID}\u0000${platformID}`;

function missing(what: string, userID: string, platformID: number): ImstressError {
  return new ImstressError('token_missing', `no token for user ${userID} (platform ${platformID}) ${what}`);
}

/** A token file: per user, so `tokenFor` ignores the platform (the token's claim fixes it, §1.3). */
function fileProvider(path: string): TokenProvider {
  let tokens: ReadonlyMap<string, string> | null = null;
  return {
    kind: 'file',
    async prepare(users, signal) {
      let text: string;
      try {
        text = await readFile(path, { encoding: 'utf8', signal });
      } catch (err) {
        throw new ImstressError('token_file_unreadable', `cannot read token file ${path}: ${(err as Error).message}`, { cause: err });
      }
      const parsed = parseTokenFile(text, path);
      const absent = [...new Set(users.map((u) => u.userID))].filter((u) => !parsed.has(u));
      if (absent.length > 0) {
        const shown = absent.slice(0, 10).join(', ') + (absent.length > 10 ? `, … (${absent.length} in all)` : '');
        throw new ImstressError(
          'token_file_incomplete',
          `token file ${path} has no token for ${absent.length} user${absent.length === 1 ? '' : 's'}: ${shown}`,
          {
            hint: 'add a line "userID<TAB>token" per virtual user (user IDs are the prefix plus the index)',
          },
        );
      }
      tokens = parsed;
    },
    tokenFor(userID, platformID) {
      const t = tokens?.get(userID);
      if (t === undefined) throw missing(`in ${path}`, userID, platformID);
      return t;
    },
  };
}

/**
 * Parses a token file: a JSON object `{userID: token}`, or lines
 * `userID<TAB|comma|spaces>token` (blank lines and `#` comments skipped).
 * Throws an ImstressError (exit usage) naming the file and the line.
 */
export function parseTokenFile(text: string, path: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(body);
    } catch (err) {
      throw new ImstressError('token_file_invalid', `token file ${path}: not valid JSON: ${(err as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new ImstressError('token_file_invalid', `token file ${path}: expected a JSON object {userID: token}`);
    for (const [userID, token] of Object.entries(v)) {
      if (typeof token !== 'string' || token === '') {
        throw new ImstressError('token_file_invalid', `token file ${path}: key "${userID}": expected a non-empty string token`);
      }
      out.set(userID, token);
    }
    return out;
  }
  const lines = body.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^\s,]+)\s*[\t, ]\s*([^\s,]+)$/.exec(line);
    if (m === null || m[1] === undefined || m[2] === undefined) {
      throw new ImstressError(
        'token_file_invalid',
        `token file ${path}:${i + 1}: expected "userID<TAB, comma or space>token", got "${line.length > 60 ? `${line.slice(0, 60)}…` : line}"`,
      );
    }
    if (out.has(m[1])) throw new ImstressError('token_file_invalid', `token file ${path}:${i + 1}: user ${m[1]} appears twice`);
    out.set(m[1], m[2]);
  }
  return out;
}

function apiProvider(source: Extract<ResolvedTokenSource, { kind: 'api' }>, opts: TokenProviderOptions): TokenProvider {
  const client = opts.client ?? defaultClient;
  const flow = opts.flow ?? 'user-token';
  const adminUser = opts.adminUser ?? defaultAdminUser;
  const tokens = new Map<string, string>();
  const registered = new Set<string>();
  let n = 0;
  const prefix = opts.operationIdPrefix ?? 'imstress';
  const apiBase: ApiClientOptions = {
    apiUrl: source.apiUrl,
    timeoutMs: opts.timeoutMs ?? 10_000,
    operationID: () => `${prefix}-tok-${++n}`,
  };
  const batchSize = opts.registerBatchSize ?? 100;
  const concurrency = Math.max(1, source.concurrency);
  /** Runs one step; a failure becomes an ImstressError naming the step and the flow. */
  const step = async <T>(name: TokenStep, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw apiError(err, source.apiUrl, name, flow);
    }
  };
  return {
    kind: 'api',
    async prepare(users, signal, onProgress) {
      const api = { ...apiBase, signal };
      // The admin token lives only here, for this preparation: never in the config, the spec or a report.
      const auth: ApiCredential =
        flow === 'admin-token'
          ? { kind: 'admin', token: await step('get admin token', () => client.admin(api, source.secret, adminUser)) }
          : { kind: 'secret', secret: source.secret };
      if (source.register) {
        const todo = [...new Set(users.map((u) => u.userID))].filter((u) => !registered.has(u));
        const batches: string[][] = [];
        for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
        await step('register users', () =>
          eachLimited(batches, concurrency, signal, async (b) => {
            await client.register(api, auth, b);
            for (const u of b) registered.add(u);
          }),
        );
      }
      const pairs = new Map<string, TokenUser>();
      for (const u of users) if (!tokens.has(key(u.userID, u.platformID))) pairs.set(key(u.userID, u.platformID), u);
      let fetched = 0;
      onProgress?.(0, pairs.size);
      await step('get user token', () =>
        eachLimited([...pairs.values()], concurrency, signal, async (u) => {
          tokens.set(key(u.userID, u.platformID), await client.token(api, auth, u.userID, u.platformID));
          onProgress?.(++fetched, pairs.size);
        }),
      );
    },
    tokenFor(userID, platformID) {
      const t = tokens.get(key(userID, platformID));
      if (t === undefined) throw missing(`from ${source.apiUrl} (not prepared)`, userID, platformID);
      return t;
    },
  };
}

/**
 * Decides the token flow and isMsgResp for a run (§14), once, before any worker
 * prepares: a fixed release maps to its flow; `auto` with API tokens probes
 * `get_admin_token` (404 → `user-token`). A probe failure other than 404 is an
 * ImstressError naming the step, like any token step (exit 3).
 */
export async function planOpenIm(
  source: ResolvedTokenSource | null,
  choice: { readonly version: OpenImVersion; readonly adminUser: string; readonly msgResp: boolean | null },
  signal: AbortSignal,
  opts: Pick<TokenProviderOptions, 'timeoutMs' | 'operationIdPrefix'> = {},
): Promise<OpenImPlan> {
  const fixed = tokenFlowOf(choice.version);
  let flow: TokenFlow | null = null;
  let detected = false;
  if (source?.kind === 'api') {
    if (fixed !== null) flow = fixed;
    else {
      let n = 0;
      const api: ApiClientOptions = {
        apiUrl: source.apiUrl,
        timeoutMs: opts.timeoutMs ?? 10_000,
        operationID: () => `${opts.operationIdPrefix ?? 'imstress'}-probe-${++n}`,
        signal,
      };
      try {
        flow = await detectTokenFlow(api, source.secret, choice.adminUser);
      } catch (err) {
        throw apiError(err, source.apiUrl, 'get admin token', 'auto');
      }
      detected = true;
    }
  }
  return {
    version: choice.version,
    tokenFlow: flow,
    detected,
    msgResp: choice.msgResp ?? defaultMsgResp(choice.version, flow),
    adminUser: choice.adminUser,
  };
}

/** Runs `fn` over `items` with at most `limit` at a time; stops at the first error or on abort. */
async function eachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (signal.aborted) throw new ImstressError('interrupted', 'token preparation aborted', { cause: signal.reason });
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
