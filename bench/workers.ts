/**
 * Worker threads against one: imstress churn rates side by side
 * (alternating, fresh echo server each run). The threads compared are one per
 * CPU — what `--workers auto` picks for a remote target. For this bench's
 * own target (an echo server on this machine) auto keeps a CPU for the target,
 * and the figure records what it picked.
 */
import { availableParallelism } from 'node:os';
import { imstressChurn } from './churn.js';
import { workerCount } from '../src/engine/workers/plan.js';

export interface WorkersFigure {
  readonly users: number;
  /** threads compared against one: one per CPU */
  readonly threads: number;
  /** what `--workers auto` picks for a target on this machine */
  readonly autoLocal: number;
  readonly onePerSec: number;
  readonly manyPerSec: number;
  /** many / one */
  readonly ratio: number;
}

export async function workersFigure(users: number, seconds: number, rounds: number): Promise<WorkersFigure> {
  const cpus = availableParallelism();
  const threads = workerCount({ workers: 'auto' }, users, cpus, false);
  let one = 0;
  let many = 0;
  for (let i = 0; i < rounds; i++) {
    one += (await imstressChurn('echo', users, seconds, ['--workers', '1'])).perSec;
    many += (await imstressChurn('echo', users, seconds, ['--workers', String(threads)])).perSec;
  }
  return {
    users,
    threads,
    autoLocal: workerCount({ workers: 'auto' }, users, cpus, true),
    onePerSec: one / rounds,
    manyPerSec: many / rounds,
    ratio: many / one,
  };
}
