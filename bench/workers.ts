/**
 * `--workers auto` against one worker: imstress churn rates side by side
 * (alternating, fresh echo server each run).
 */
import { availableParallelism } from 'node:os';
import { imstressChurn } from './churn.js';
import { workerCount } from '../src/engine/workers/plan.js';

export interface WorkersFigure {
  readonly users: number;
  readonly autoWorkers: number;
  readonly onePerSec: number;
  readonly autoPerSec: number;
  /** auto / one */
  readonly ratio: number;
}

export async function workersFigure(users: number, seconds: number, rounds: number): Promise<WorkersFigure> {
  let one = 0;
  let auto = 0;
  for (let i = 0; i < rounds; i++) {
    one += (await imstressChurn('echo', users, seconds, ['--workers', '1'])).perSec;
    auto += (await imstressChurn('echo', users, seconds, ['--workers', 'auto'])).perSec;
  }
  return { users, autoWorkers: workerCount({ workers: 'auto' }, users, availableParallelism()), onePerSec: one / rounds, autoPerSec: auto / rounds, ratio: auto / one };
}
