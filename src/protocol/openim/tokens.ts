/**
 * Where an OpenIM virtual user's token comes from: one static token, a token
 * file, or the REST API (§9). Tokens are fetched once, in `prepare`, before
 * load starts; `tokenFor` only reads the cache.
 *
 * One token per (user, platform), reused for every reconnect (§6.3): every
 * `/auth/user_token` call mints a new token, and a connection made with a
 * fresh token kicks the older same-platform connection and marks the older
 * tokens kicked (1506). Minting per reconnect would measure our own kicks.
 */
import { readFile } from 'node:fs/promises';
import { ImstressError } from '../../errors.js';
import type { TokenSource } from '../../config/run-config.js';
import { ApiCallError, registerUsers, userToken, type ApiClientOptions } from './rest.js';

/** A token source with the embedded target already resolved to its API. */
export type ResolvedTokenSource = Exclude<TokenSource, { readonly kind: 'embedded-api' }>;

/** Who needs a token: a user on a platform (a `VuIdentity` fits). */
export interface TokenUser {
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
  register(o: ApiClientOptions, secret: string, userIDs: readonly string[]): Promise<void>;
  token(o: ApiClientOptions, secret: string, userID: string, platformID: number): Promise<string>;
}

export interface TokenProviderOptions {
  /** Per-call REST timeout. */
  readonly timeoutMs?: number;
  /** operationID header prefix (§9: every POST needs one). */
  readonly operationIdPrefix?: string;
  /** Users per `/user/user_register` call. */
  readonly registerBatchSize?: number;
  readonly client?: TokenApiClient;
}

const defaultClient: TokenApiClient = { register: registerUsers, token: userToken };

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
  return new ImstressError('invalid_option', `no token for user ${userID} (platform ${platformID}) ${what}`, { exit: 'usage' });
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
        throw new ImstressError('invalid_option', `cannot read token file ${path}: ${(err as Error).message}`, { exit: 'usage', cause: err });
      }
      const parsed = parseTokenFile(text, path);
      const absent = [...new Set(users.map((u) => u.userID))].filter((u) => !parsed.has(u));
      if (absent.length > 0) {
        const shown = absent.slice(0, 10).join(', ') + (absent.length > 10 ? `, … (${absent.length} in all)` : '');
        throw new ImstressError('invalid_option', `token file ${path} has no token for ${absent.length} user${absent.length === 1 ? '' : 's'}: ${shown}`, {
          exit: 'usage',
          hint: 'add a line "userID<TAB>token" per virtual user (user IDs are the prefix plus the index)',
        });
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
      throw new ImstressError('invalid_option', `token file ${path}: not valid JSON: ${(err as Error).message}`, { exit: 'usage' });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ImstressError('invalid_option', `token file ${path}: expected a JSON object {userID: token}`, { exit: 'usage' });
    for (const [userID, token] of Object.entries(v)) {
      if (typeof token !== 'string' || token === '') {
        throw new ImstressError('invalid_option', `token file ${path}: key "${userID}": expected a non-empty string token`, { exit: 'usage' });
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
      throw new ImstressError('invalid_option', `token file ${path}:${i + 1}: expected "userID<TAB, comma or space>token", got "${line.length > 60 ? `${line.slice(0, 60)}…` : line}"`, {
        exit: 'usage',
      });
    }
    if (out.has(m[1])) throw new ImstressError('invalid_option', `token file ${path}:${i + 1}: user ${m[1]} appears twice`, { exit: 'usage' });
    out.set(m[1], m[2]);
  }
  return out;
}

function apiProvider(source: Extract<ResolvedTokenSource, { kind: 'api' }>, opts: TokenProviderOptions): TokenProvider {
  const client = opts.client ?? defaultClient;
  const tokens = new Map<string, string>();
  const registered = new Set<string>();
  let n = 0;
  const prefix = opts.operationIdPrefix ?? 'imstress';
  const apiBase: ApiClientOptions = { apiUrl: source.apiUrl, timeoutMs: opts.timeoutMs ?? 10_000, operationID: () => `${prefix}-tok-${++n}` };
  const batchSize = opts.registerBatchSize ?? 100;
  const concurrency = Math.max(1, source.concurrency);
  return {
    kind: 'api',
    async prepare(users, signal, onProgress) {
      const api = { ...apiBase, signal };
      try {
        if (source.register) {
          const todo = [...new Set(users.map((u) => u.userID))].filter((u) => !registered.has(u));
          const batches: string[][] = [];
          for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
          await eachLimited(batches, concurrency, signal, async (b) => {
            await client.register(api, source.secret, b);
            for (const u of b) registered.add(u);
          });
        }
        const pairs = new Map<string, TokenUser>();
        for (const u of users) if (!tokens.has(key(u.userID, u.platformID))) pairs.set(key(u.userID, u.platformID), u);
        let fetched = 0;
        onProgress?.(0, pairs.size);
        await eachLimited([...pairs.values()], concurrency, signal, async (u) => {
          tokens.set(key(u.userID, u.platformID), await client.token(api, source.secret, u.userID, u.platformID));
          onProgress?.(++fetched, pairs.size);
        });
      } catch (err) {
        throw apiError(err, source.apiUrl);
      }
    },
    tokenFor(userID, platformID) {
      const t = tokens.get(key(userID, platformID));
      if (t === undefined) throw missing(`from ${source.apiUrl} (not prepared)`, userID, platformID);
      return t;
    },
  };
}

/** Turns a REST failure into what the user can act on (§9 error codes). */
function apiError(err: unknown, apiUrl: string): unknown {
  if (err instanceof ImstressError) return err;
  if (!(err instanceof ApiCallError)) return err;
  const o = { exit: 'targetUnavailable', cause: err } as const;
  switch (err.kind) {
    case 'api': {
      const hint =
        err.errCode === 1002
          ? 'errCode 1002 (NoPermissionError) means the secret was refused: pass the server\'s `secret` with --secret (OpenIM default openIM123)'
          : err.errCode === 1004 || err.errCode === 1101
            ? 'the user does not exist: let imstress register the users, or register them first'
            : 'see the OpenIM errCode table; the request was refused by the API';
      return new ImstressError('invalid_option', `token API ${apiUrl} refused ${err.message}`, { ...o, hint });
    }
    case 'http':
      return new ImstressError('invalid_option', `token API ${apiUrl}: ${err.message}`, { ...o, hint: 'is this the OpenIM REST API (default port 10002), not the WebSocket gateway?' });
    case 'network':
    case 'timeout':
      return new ImstressError('invalid_option', `token API ${apiUrl} unreachable: ${err.message}`, {
        ...o,
        hint: 'check the API URL and that the OpenIM API (default port 10002) is running',
      });
    case 'aborted':
      return new ImstressError('internal', 'token preparation aborted', { exit: 'interrupted', cause: err });
    case 'malformed':
      return new ImstressError('invalid_option', `token API ${apiUrl} gave an unexpected reply: ${err.message}`, { ...o, hint: 'is this an OpenIM 3.5 REST API?' });
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; stops at the first error or on abort. */
async function eachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (signal.aborted) throw new ImstressError('internal', 'token preparation aborted', { exit: 'interrupted', cause: signal.reason });
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
