/**
 * Churn: full connect → send → reply → close cycles per second, imstress
 * against the minimal hand-written loop, side by side on the same target.
 * Each measurement gets a fresh target process on a fresh port, so TIME_WAIT
 * 4-tuples left by the previous one never eat into its port range; the two
 * tools alternate (minimal, imstress, minimal, imstress …) so machine noise
 * hits both.
 */
import { benchProc, spawnNode, startEcho, startGateway } from './lib/proc.js';
import { runImstress } from './lib/imstress.js';

export type TargetKind = 'echo' | 'gateway-v3.8';

export interface ChurnPair {
  readonly target: TargetKind;
  readonly users: number;
  readonly minimalPerSec: number;
  readonly imstressPerSec: number;
  readonly ratio: number;
  readonly imstressErrors: number;
  readonly minimalFailures: number;
}

interface Started {
  readonly url: string;
  readonly apiUrl: string | null;
  stop(): Promise<void>;
}

async function startTarget(kind: TargetKind): Promise<Started> {
  if (kind === 'echo') {
    const e = await startEcho();
    return { url: e.url, apiUrl: null, stop: () => e.proc.stop() };
  }
  const g = await startGateway('v3.8');
  return { url: g.ws, apiUrl: g.api, stop: () => g.proc.stop() };
}

/** The minimal loop's cycles per second on a fresh target. */
export async function minimalChurn(kind: TargetKind, users: number, seconds: number): Promise<{ perSec: number; failures: number }> {
  const t = await startTarget(kind);
  try {
    const p = spawnNode(
      benchProc('minimal-loop'),
      [
        JSON.stringify({
          url: t.url,
          users,
          durationMs: seconds * 1000,
          mode: 'churn',
          protocol: kind === 'echo' ? 'raw' : 'openim',
          apiUrl: t.apiUrl,
        }),
      ],
      { raiseFdLimit: true },
    );
    await p.next(60_000);
    const r = await p.next<{ cycles: number; elapsedMs: number; failures: number }>(seconds * 1000 + 30_000);
    await p.exited(10_000);
    return { perSec: (r.cycles * 1000) / r.elapsedMs, failures: r.failures };
  } finally {
    await t.stop();
  }
}

/** imstress's iterations per second on a fresh target (the report's rate: load time only). */
export async function imstressChurn(
  kind: TargetKind,
  users: number,
  seconds: number,
  extra: readonly string[] = [],
): Promise<{ perSec: number; errors: number; cpuMs: number | null }> {
  const t = await startTarget(kind);
  try {
    const targetArgs =
      kind === 'echo' ? ['--adapter', 'raw', '--target', t.url] : ['--target', t.url, '--api-url', t.apiUrl ?? '', '--compression', 'none'];
    const r = await runImstress([...targetArgs, '--users', String(users), '--duration', `${seconds}s`, ...extra], {
      timeoutMs: seconds * 1000 + 60_000,
    });
    return { perSec: r.report.rates.iterationsPerSec, errors: r.report.totals.errors, cpuMs: r.cpuMs };
  } finally {
    await t.stop();
  }
}

/** Alternating rounds; the ratio is of the summed rates (each round the same length). */
export async function churnPair(kind: TargetKind, users: number, seconds: number, rounds: number): Promise<ChurnPair> {
  let minimal = 0;
  let imstress = 0;
  let errors = 0;
  let failures = 0;
  for (let i = 0; i < rounds; i++) {
    const m = await minimalChurn(kind, users, seconds);
    const s = await imstressChurn(kind, users, seconds);
    minimal += m.perSec;
    imstress += s.perSec;
    errors += s.errors;
    failures += m.failures;
  }
  return {
    target: kind,
    users,
    minimalPerSec: minimal / rounds,
    imstressPerSec: imstress / rounds,
    ratio: imstress / minimal,
    imstressErrors: errors,
    minimalFailures: failures,
  };
}
