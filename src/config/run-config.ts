/**
 * The resolved configuration of `imstress run`: every field present,
 * readonly. Produced only by `resolveRunConfig` (defaults < scenario file <
 * environment < flags), after every problem has been listed.
 */
import type { GatewayMode } from '../catalog/gateway-modes.js';
import type { DirectRunConfig } from './run-settings.js';

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

/**
 * The resolved run config: every setting of the table (`run-settings.ts`)
 * that is a field of its own, typed from its row, plus the composites the
 * resolver builds (`target`, `tokens`) and the scenario's name.
 */
export type RunConfig = Omit<DirectRunConfig, 'durationMs'> & {
  /** report name prefix; the scenario file's name, or "run" */
  readonly scenario: string;
  readonly target: TargetConfig;
  readonly tokens: TokenSource;
  /** run length; null = until iterations are done */
  readonly durationMs: number | null;
};
