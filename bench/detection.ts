/**
 * Detection: how long after the embedded v3.5.1 gateway wedges does imstress
 * flag the hang? The wedge is the moment the gateway's "Run loop" task
 * blocks on its self-send into unregisterChan; the task registry records
 * since when, and the task dump imstress captures at the hang (before
 * anything else) prints it as `[chan send, N ms]`. N is therefore the time
 * from the wedge to the evidence capture, i.e. to the flag (plus the dump's
 * own fetch, a few ms): compared with the configured hang window.
 */
import { runImstress } from './lib/imstress.js';

export interface DetectionFigure {
  readonly hangWindowMs: number;
  /** wedge → hang flagged (the Run loop's blocked time in the captured dump), ms; null when no wedge was seen */
  readonly wedgeToFlagMs: number | null;
  /** wedgeToFlagMs − hangWindowMs */
  readonly overWindowMs: number | null;
  readonly hangKind: string | null;
  readonly hangAtMs: number | null;
  readonly exitCode: number | null;
}

const runLoopBlocked = /\[chan send, (\d+) ms\] "Run loop": waiting on unregisterChan/;

export async function detection(hangWindowMs: number, maxSeconds: number): Promise<DetectionFigure> {
  const r = await runImstress(
    [
      '--users',
      '100',
      '--duration',
      `${maxSeconds}s`,
      '--hang-window',
      `${hangWindowMs}ms`,
      '--stall-threshold',
      `${Math.min(2000, hangWindowMs / 2)}ms`,
      '--gateway-mode',
      'v3.5.1',
      // the e2e tests' wedge configuration (test/helpers/wedge.ts): 64-slot queues and a 5 ms status RPC,
      // the same self-send deadlock reached in seconds; 20-slot queues at 2 ms sometimes never wedged
      '--gateway-arg=--register-cap',
      '--gateway-arg=64',
      '--gateway-arg=--unregister-cap',
      '--gateway-arg=64',
      '--gateway-arg=--status-rpc',
      '--gateway-arg=5ms',
      '--drain-timeout',
      '1s',
    ],
    { timeoutMs: maxSeconds * 1000 + 60_000 },
  );
  const m = runLoopBlocked.exec(r.report.hang?.dump?.text ?? '');
  const wedgeToFlagMs = m === null ? null : Number(m[1]);
  return {
    hangWindowMs,
    wedgeToFlagMs,
    overWindowMs: wedgeToFlagMs === null ? null : wedgeToFlagMs - hangWindowMs,
    hangKind: r.report.hang?.kind ?? null,
    hangAtMs: r.report.hang?.atMs ?? null,
    exitCode: r.exitCode,
  };
}
