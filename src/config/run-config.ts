/**
 * The resolved configuration of `imstress run`: every field present,
 * readonly. Produced only by `resolveRunConfig` (defaults < scenario file <
 * flags), after every problem has been listed.
 */
import type { AdapterName } from '../catalog/adapters.js';
import type { GatewayMode } from '../catalog/gateway-modes.js';
import type { OpenImVersion } from '../catalog/openim-versions.js';

/** What is tested: a URL, or the embedded gateway started in a child process. */
export type TargetConfig =
  | { readonly kind: 'url'; readonly url: string }
  | {
      readonly kind: 'embedded';
      readonly gatewayMode: GatewayMode;
      /** extra `imstress gateway` flags (e.g. ['--status-rpc', '1ms']) */
      readonly gatewayArgs: readonly string[];
    };

/** Where tokens come from (openim adapter). */
export type TokenSource =
  | { readonly kind: 'static'; readonly token: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'api'; readonly apiUrl: string; readonly secret: string; readonly concurrency: number; readonly register: boolean }
  /** embedded target: the child's API with its secret */
  | { readonly kind: 'embedded-api' };

export type ThresholdOp = '<' | '<=' | '>' | '>=';

/** `reply.p99<200ms`, `errors.rate<1%`, `handshake.max<=5s`, `iterations.rate>50` */
export interface Threshold {
  /** as the user wrote it, for messages and reports */
  readonly source: string;
  /** `<phase>.<stat>` (stat: p50 p90 p95 p99 p999 max mean min count) or `errors.rate`, `errors.count`, `iterations.rate`, `iterations.count` */
  readonly metric: string;
  readonly op: ThresholdOp;
  /** ms for latencies, a ratio (0–1) for rates of errors, a number otherwise */
  readonly value: number;
}

/** `--shard I/N`: this machine runs the users whose index ≡ I (mod N), I from 0. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface RunConfig {
  /** report name prefix; the scenario file's name, or "run" */
  readonly scenario: string;
  readonly target: TargetConfig;
  readonly adapter: AdapterName;
  /** virtual users */
  readonly users: number;
  readonly userPrefix: string;
  readonly userOffset: number;
  /** run length; null = until iterations are done */
  readonly durationMs: number | null;
  /** iterations per VU; null = until the duration ends */
  readonly iterations: number | null;
  readonly rampUpMs: number;
  /** pause between iterations */
  readonly thinkMs: number;
  /** requests per session */
  readonly messages: number;
  readonly messageKind: 'get-seq' | 'send-msg';
  readonly platformID: number;
  /** connect the next session before closing the previous one (same user and platform) */
  readonly overlap: boolean;
  readonly compression: 'gzip' | 'none';
  /** `json`: the ≥3.8.2 `sdkType=js` envelope (§2.7) */
  readonly encoding: 'gob' | 'json';
  /** WS ping on connections idle this long (the server drops at 30 s, §5); 0 = off */
  readonly heartbeatMs: number;
  readonly handshakeTimeoutMs: number;
  readonly replyTimeoutMs: number;
  readonly pushTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly stallThresholdMs: number;
  readonly hangWindowMs: number;
  readonly onHang: 'abort' | 'continue';
  /** Prometheus text URL with the server's online count; null = none (embedded: its own) */
  readonly metricsUrl: string | null;
  readonly gaugeName: string;
  /** Go target's /debug/pprof/ base; null = none (embedded: its task dump) */
  readonly pprofUrl: string | null;
  /** after the hang dump, how long to wait for the second one (stuck vs slow); 0 = no second dump */
  readonly evidenceGapMs: number;
  /** how long the drain check waits for the online count to return */
  readonly drainTimeoutMs: number;
  readonly tokens: TokenSource;
  readonly thresholds: readonly Threshold[];
  /** JSON report path; null = reports/<scenario>-<timestamp>.json */
  readonly reportPath: string | null;
  /** print the report on stdout */
  readonly json: boolean;
  /** live progress: auto = TTY */
  readonly progress: 'auto' | 'tty' | 'plain' | 'off';
  readonly localAddress: string | null;
  /** wss:// only: PEM file of the CA(s) that sign the target's certificate, in addition to the system CAs; null = system CAs only */
  readonly caFile: string | null;
  /** wss:// only: accept any certificate (no verification) — explicit, for test gateways */
  readonly insecure: boolean;
  readonly verbose: boolean;
  /** worker threads the VUs are spread over; 'auto' = chosen from the CPUs and the users (see engine/workers/plan.ts) */
  readonly workers: number | 'auto';
  /** which part of the user pool this run drives; null = all of it */
  readonly shard: Shard | null;
  /** OpenIM release line (§14): picks the token flow and the isMsgResp default; auto probes the REST API */
  readonly openimVersion: OpenImVersion;
  /** §14.1: the IM admin user ID `get_admin_token` is asked for (≥ v3.8.2 token flow) */
  readonly adminUser: string;
  /** `isMsgResp=true` (§1.6, §14.2); null = by release (off for 3.5, on for 3.6+, auto: on when the API is ≥ v3.8.2) */
  readonly msgResp: boolean | null;
  /** `--trials N`: independent runs of the same scenario, judged together (src/trials/) */
  readonly trials: number;
  /** `--until-hang`: stop the trials at the first hang */
  readonly untilHang: boolean;
  /** `--between-trials`: pause between trials (after each trial's own drain check) */
  readonly betweenTrialsMs: number;
}
