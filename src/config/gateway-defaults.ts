/**
 * Defaults of the embedded reference gateway — the only place they are
 * written. Values follow OpenIM v3.5.1's config template
 * (openim-protocol.md §5, §6.2, §7.1, §9) unless marked as a model knob.
 */
import { defaultAdminUser } from '../catalog/openim-versions.js';

export const gatewayDefaults = {
  mode: 'v3.5.1',
  host: '127.0.0.1',
  /** §9: WS port 10001, API 10002, gateway Prometheus 20140. */
  port: 10001,
  apiPort: 10002,
  metricsPort: 20140,
  /** §9: `secret` defaults to openIM123. */
  secret: 'openIM123',
  /** §7.1: registerChan, unregisterChan, kickHandlerChan are buffered at 1000. */
  registerChanCap: 1000,
  unregisterChanCap: 1000,
  kickChanCap: 1000,
  /** §6.2: multiLoginPolicy defaults to 1 (AllLoginButSameTermKick). */
  multiLoginPolicy: 1,
  /** §1.3 check 1: websocketMaxConnNum. */
  maxConnNum: 100_000,
  /**
   * Model knob: cost of user-RPC SetUserStatus on register and unregister (§7.2, §7.3).
   * 3 ms, not §13's 1 ms: this model's clients (Node, one process) iterate about a
   * third as fast as §13's, and what wedges the loop is churn outrunning it. At 3 ms
   * the default `imstress run` hung 16 runs of 16 on a quiet machine (progress stopped
   * 3–19 s in) and 3 of 4 with one core kept busy; blog-fix leaked ghosts 3 of 3.
   * At 1 ms, 2 of 3 hung on a loaded machine. 5 ms did no better under load (6 of 8).
   */
  statusRpcMs: 3,
  /** Model knob: message-RPC latency (GetMaxSeq / SendMsg) = base + perInFlight × calls in flight. */
  messageRpcBaseMs: 1,
  messageRpcPerInFlightMs: 0.05,
  /** §5: pongWait 30 s, writeWait 10 s, maxMessageSize 51200 bytes. */
  readDeadlineMs: 30_000,
  writeDeadlineMs: 10_000,
  maxMessageSize: 51_200,
  /** §2.4: the server's Resp type id depends on registration order; 67 was observed. */
  respTypeId: 67,
  /** §1.3: tokenPolicy.expire = 90 days. */
  tokenExpireDays: 90,
  /** §9: manager user IDs, and the IM admin. */
  managerUserIDs: ['openIM123456', 'openIM654321', 'openIMAdmin'],
  imAdminUserID: defaultAdminUser,
  /** §7.9 (v3.8): state-change channel 10000, merge tick 1 s, batches of 100, RPC timeout 5 s. */
  v38StatusChanCap: 10_000,
  v38StatusMergeMs: 1_000,
  v38StatusBatchSize: 100,
  v38StatusWorkers: 4,
  v38StatusRpcTimeoutMs: 5_000,
  /** §4.2: the push consumer drops messages older than 10 s. */
  pushMaxAgeMs: 10_000,
  /** §14.3: v3.8.0+ pingPeriod = pongWait × 9/10 = 27 s, Web clients (platform 5) only. */
  webPingMs: 27_000,
} as const;
