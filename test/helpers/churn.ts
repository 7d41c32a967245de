/**
 * The §13 workload as a scripted client, for tests and measurements: N users,
 * one token each (reused), each looping connect → one 1001 → reply (5 s
 * timeout) → close, no think time, no overlap. Bounded by a deadline.
 */
import { apiCredential } from './gateway.js';
import { encodeGetMaxSeqReq, ReqIdentifier, OpenImSession, registerUsers, userToken } from '../../src/protocol/openim/index.js';

export interface ChurnOptions {
  readonly wsUrl: string;
  readonly apiUrl: string;
  readonly users: number;
  readonly prefix: string;
  readonly platformID: number;
  readonly durationMs: number;
  readonly replyTimeoutMs: number;
  readonly compression: 'gzip' | 'none';
  readonly secret?: string;
  /** Close with a close frame (default) or drop the TCP connection. */
  readonly closeMode?: 'frame' | 'terminate';
  /** Stop early when this returns true (checked every 100 ms). */
  readonly stopWhen?: () => boolean;
}

export interface ChurnResult {
  iterations: number;
  replies: number;
  replyTimeouts: number;
  closedBeforeReply: number;
  kicks: number;
  rejected: Record<string, number>;
  connectFailures: number;
  /** ms since start of the last reply received */
  lastReplyAtMs: number;
  elapsedMs: number;
}

export async function fetchTokens(o: Pick<ChurnOptions, 'apiUrl' | 'users' | 'prefix' | 'platformID' | 'secret'>): Promise<string[]> {
  const api = { apiUrl: o.apiUrl, timeoutMs: 5000, operationID: () => `op-${Math.random().toString(16).slice(2)}` };
  const auth = await apiCredential(api, o.secret ?? 'openIM123');
  const ids = Array.from({ length: o.users }, (_, i) => `${o.prefix}${i}`);
  await registerUsers(api, auth, ids);
  return Promise.all(ids.map((id) => userToken(api, auth, id, o.platformID)));
}

export async function churn(o: ChurnOptions, tokens: readonly string[]): Promise<ChurnResult> {
  const start = performance.now();
  const deadline = start + o.durationMs;
  const r: ChurnResult = {
    iterations: 0,
    replies: 0,
    replyTimeouts: 0,
    closedBeforeReply: 0,
    kicks: 0,
    rejected: {},
    connectFailures: 0,
    lastReplyAtMs: 0,
    elapsedMs: 0,
  };
  let stop = false;
  const watcher = setInterval(() => {
    if (performance.now() >= deadline || (o.stopWhen?.() ?? false)) stop = true;
  }, 100);
  const live = new Set<OpenImSession>();
  const user = async (i: number): Promise<void> => {
    const userID = `${o.prefix}${i}`;
    const token = tokens[i] ?? '';
    while (!stop) {
      const { session, outcome } = await OpenImSession.connect(
        {
          url: o.wsUrl,
          userID,
          token,
          platformID: o.platformID,
          operationID: `op-${userID}`,
          compression: o.compression,
          encoding: 'gob',
          handshakeTimeoutMs: 5000,
        },
        { kick: () => void r.kicks++ },
      );
      if (session === null) {
        if (outcome.state === 'rejected') r.rejected[String(outcome.errCode)] = (r.rejected[String(outcome.errCode)] ?? 0) + 1;
        else r.connectFailures++;
        await new Promise((res) => setTimeout(res, 50));
        continue;
      }
      live.add(session);
      try {
        await session.request(
          ReqIdentifier.GetNewestSeq,
          encodeGetMaxSeqReq({ userID }),
          Math.min(o.replyTimeoutMs, Math.max(1, deadline - performance.now() + 100)),
        );
        r.replies++;
        r.lastReplyAtMs = performance.now() - start;
      } catch (err) {
        if ((err as { kind?: string }).kind === 'timeout') r.replyTimeouts++;
        else r.closedBeforeReply++;
      }
      if (o.closeMode === 'terminate') session.terminate();
      else await session.close(1000);
      live.delete(session);
      r.iterations++;
    }
  };
  await Promise.all(Array.from({ length: o.users }, (_, i) => user(i)));
  clearInterval(watcher);
  for (const s of live) s.terminate();
  r.elapsedMs = performance.now() - start;
  return r;
}
