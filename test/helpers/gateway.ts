/**
 * In-process gateway fixtures for tests: a gateway on free loopback ports,
 * users with tokens, and sessions that are closed at the end.
 */
import { startGateway, type GatewayHandle, type GatewayHooks } from '../../src/gateway/gateway.js';
import type { GatewayOptions } from '../../src/gateway/options.js';
import { OpenImSession, type ConnectOutcome, type SessionEvents, type SessionOptions } from '../../src/protocol/openim/session.js';
import { adminToken, registerUsers, userToken, type ApiClientOptions, type ApiCredential } from '../../src/protocol/openim/rest.js';
import { detectTokenFlow } from '../../src/protocol/openim/versions.js';

export interface Fixture {
  readonly gw: GatewayHandle;
  token(userID: string, platformID?: number): Promise<string>;
  connect(
    userID: string,
    opts?: Partial<SessionOptions> & { events?: SessionEvents },
  ): Promise<{ session: OpenImSession | null; outcome: ConnectOutcome }>;
  /** connect and expect success */
  open(userID: string, opts?: Partial<SessionOptions> & { events?: SessionEvents }): Promise<OpenImSession>;
  close(): Promise<void>;
}

export function apiOptions(apiUrl: string): { apiUrl: string; timeoutMs: number; operationID: () => string } {
  let n = 0;
  return { apiUrl, timeoutMs: 5000, operationID: () => `test-op-${++n}` };
}

/** What authorises token calls on this API: the secret (≤ v3.8.1 routes) or an admin token (v3.8 mode's ≥ v3.8.2 routes, §14.1). */
export async function apiCredential(api: ApiClientOptions, secret: string): Promise<ApiCredential> {
  return (await detectTokenFlow(api, secret, 'imAdmin')) === 'admin-token'
    ? { kind: 'admin', token: await adminToken(api, secret, 'imAdmin') }
    : { kind: 'secret', secret };
}

export async function gatewayFixture(options: GatewayOptions = {}, hooks: GatewayHooks = {}): Promise<Fixture> {
  const gw = await startGateway({ port: 0, apiPort: 0, metricsPort: 0, ...options }, hooks);
  const api = apiOptions(gw.apiUrl ?? '');
  const registered = new Set<string>();
  const tokens = new Map<string, string>();
  const sessions = new Set<OpenImSession>();
  let auth: ApiCredential | null = null;
  const token = async (userID: string, platformID = 1): Promise<string> => {
    const key = `${userID}/${platformID}`;
    const cached = tokens.get(key);
    if (cached !== undefined) return cached;
    auth ??= await apiCredential(api, gw.config.secret);
    if (!registered.has(userID)) {
      await registerUsers(api, auth, [userID]);
      registered.add(userID);
    }
    const t = await userToken(api, auth, userID, platformID);
    tokens.set(key, t);
    return t;
  };
  const connect: Fixture['connect'] = async (userID, opts = {}) => {
    const platformID = opts.platformID ?? 1;
    const { events, ...rest } = opts;
    const r = await OpenImSession.connect(
      {
        url: gw.wsUrl,
        userID,
        token: opts.token ?? (await token(userID, platformID)),
        platformID,
        operationID: `op-${userID}`,
        compression: 'none',
        encoding: 'gob',
        handshakeTimeoutMs: 5000,
        ...rest,
      },
      events ?? {},
    );
    if (r.session !== null) sessions.add(r.session);
    return r;
  };
  return {
    gw,
    token,
    connect,
    open: async (userID, opts) => {
      const r = await connect(userID, opts);
      if (r.session === null) throw new Error(`connect ${userID} failed: ${JSON.stringify(r.outcome)}`);
      return r.session;
    },
    close: async () => {
      for (const s of sessions) s.terminate();
      await gw.close();
    },
  };
}

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
