/**
 * Who runs which virtual users: the shard's share of the user pool
 * (`--shard I/N`), then each worker thread's share of that (`--workers`).
 * Pure functions; the partition rules are documented in docs/scale.md.
 */
import type { RunConfig, Shard } from '../../config/run-config.js';

/**
 * The global VU indices of a shard: every index i of `0 … users − 1` with
 * i ≡ I (mod N). The N shards are disjoint and together are exactly the
 * pool a single run would drive, so user IDs `<prefix><offset + i>` are the
 * same set. Interleaved rather than in blocks so each shard's VUs spread
 * over the whole ramp-up (VU i starts at rampUp × i / users in every shard).
 */
export function shardIndices(users: number, shard: Shard | null): number[] {
  if (shard === null) return Array.from({ length: users }, (_, i) => i);
  const out: number[] = [];
  for (let i = shard.index; i < users; i += shard.count) out.push(i);
  return out;
}

/** Deals `indices` to `workers` slices round-robin (each slice keeps its ramp-up spread); no empty slice. */
export function splitAmongWorkers(indices: readonly number[], workers: number): number[][] {
  const n = Math.max(1, Math.min(workers, indices.length));
  const slices: number[][] = Array.from({ length: n }, () => []);
  indices.forEach((index, k) => slices[k % n]?.push(index));
  return slices;
}

/** Below this many VUs per extra thread, a worker costs more (startup, messages) than it gains. */
export const minVusPerWorker = 250;

/**
 * Whether the target runs on this machine, competing with the worker threads
 * for its CPUs: the embedded gateway always; a URL when its host is
 * `localhost` (or a `.localhost` name), an IPv4 address in 127.0.0.0/8 or `::1`.
 */
export function targetIsLocal(target: RunConfig['target']): boolean {
  if (target.kind === 'embedded') return true;
  let host: string;
  try {
    host = new URL(target.url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * `--workers auto`: one thread per CPU the target leaves free, but no more
 * than one per {@link minVusPerWorker} VUs of this shard — small runs stay
 * in-process. A target on this machine (see {@link targetIsLocal}) keeps one
 * CPU: on the 2-core bench machine, two threads against a local echo server
 * ran slower than one (docs/performance.md), because the target already
 * uses most of the second core.
 */
export function workerCount(config: Pick<RunConfig, 'workers'>, vus: number, cpus: number, localTarget: boolean): number {
  if (config.workers !== 'auto') return Math.max(1, Math.min(config.workers, vus));
  const free = localTarget ? cpus - 1 : cpus;
  return Math.max(1, Math.min(free, Math.floor(vus / minVusPerWorker)));
}
