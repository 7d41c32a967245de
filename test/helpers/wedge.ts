import { fileURLToPath } from 'node:url';

/**
 * How the e2e tests wedge the embedded v3.5.1 model: the named reproducer
 * scenario (`scenarios/openim-wedge-overlap.yaml`: the churn loop with
 * `overlap`, so every reconnect kicks a live session) against the
 * embedded-gateway arguments below.
 *
 * - 64-slot register/unregister queues instead of 1000: the same structure,
 *   less backlog to build before the self-send can block (§7.5 precondition 1).
 * - A 5 ms SetUserStatus instead of 1 ms: the loop (~100 iterations/s) stays
 *   behind the virtual users even when other tests or processes load the
 *   machine. At 1 ms a loaded run sometimes let the loop keep up: one 90 s run
 *   made 20,690 iterations with 0 kicks and no hang. With these arguments,
 *   3 runs of 3 on a loaded machine wedged 2–3 s in.
 */
export const fastWedgeGatewayArgs: readonly string[] = [
  '--gateway-arg=--register-cap',
  '--gateway-arg=64',
  '--gateway-arg=--unregister-cap',
  '--gateway-arg=64',
  '--gateway-arg=--status-rpc',
  '--gateway-arg=5ms',
];

/**
 * The reproducer scenario's hang window and a short drain check, for the tests that wedge the gateway with
 * their own flags instead of the scenario: the default 10 s window and 10 s drain timeout only add time
 * after the wedge (a wedged loop never drains). Progress stops 2–3 s into a wedging run, so a 5 s window
 * still declares the hang well inside the run, and on a gateway that is wedged for good a longer window
 * proves nothing more.
 */
export const wedgeDetectArgs: readonly string[] = ['--hang-window', '5s', '--drain-timeout', '2s'];

/** The reproducer scenario (issue #12 point 3). */
export const wedgeScenario = fileURLToPath(new URL('../../../scenarios/openim-wedge-overlap.yaml', import.meta.url));

/**
 * How many real runs {@link runUntilWedged} makes at most, and how long each may run (also the length of
 * each `--until-hang` trial). A run that wedges does so early: the latest wedge measured stopped
 * progress 18.4 s in (hang declared at 23.4 s, docs/trials.md), the 11 wedging trials of 18 run on 2 December
 * (20 s trials, queues of 4 to 64) 1.0-13.6 s in; the runs
 * that missed saw no kick at all in 45 s (docs/trials.md) or 0-2 kicks in 20 s (today's 7 misses). 30 s keeps every measured wedge inside the run with its 5 s window and makes a miss cost 30 s, not
 * 45 s. Five attempts, as `--until-hang` has five trials: all miss with probability about 0.3^5, where three
 * of 45 s missed with about 0.3^3 ≈ 2.7% (one 160-column pty run did, 2 December).
 */
export const wedgeAttempts = 5;
export const wedgeAttemptSeconds = 30;

/** One run of the reproducer against the fast-wedge gateway; {@link wedgeAttemptSeconds} bounds a run that does not wedge. */
export const wedgeScenarioArgs: readonly string[] = [
  'run',
  '--scenario',
  wedgeScenario,
  '--duration',
  `${wedgeAttemptSeconds}s`,
  ...fastWedgeGatewayArgs,
];

/**
 * The reproducer as docs/trials.md recommends it: `--until-hang` over up to
 * 5 trials, one imstress run whose report body is the first hung trial. The
 * wedge is a race even with overlap: with these arguments 7 of 10 trials
 * wedged (median 7.2 s), the other 3 ran 45 s with no kick at all, so one
 * trial would be a flaky test; if trials are independent, 5 all miss with
 * probability about 0.3^5 ≈ 0.2%.
 */
export const wedgeRunArgs: readonly string[] = [...wedgeScenarioArgs, '--trials', '5', '--until-hang'];

/** A bound for a {@link wedgeRunArgs} run: 5 trials of {@link wedgeAttemptSeconds}, their drain checks and gateway starts (kept from the 45 s trials). */
export const wedgeRunTimeoutMs = 420_000;

/**
 * Runs `attempt` (a real `imstress run` of the built CLI against a real
 * embedded gateway) until one exits 5, at most {@link wedgeAttempts} times,
 * and returns that run, or the last one. The model's wedge is a matter of
 * chance, not a switch: with these arguments it wedged 2–3 s into 7 runs
 * out of 8 measured, and once ran 90 s saturated without wedging (a fresh
 * clone's CI run). Each attempt is a whole, independent run; the test then
 * asserts on the run that hung, whose dump shows the self-send.
 */
/** @deprecated `imstress run --until-hang` retries inside one run: use {@link wedgeRunArgs}. Kept for branches still calling it. */
export async function runUntilWedged<R extends { readonly code: number | null }>(attempt: (no: number) => Promise<R>): Promise<R> {
  let last: R | null = null;
  for (let no = 1; no <= wedgeAttempts; no++) {
    last = await attempt(no);
    if (last.code === 5) return last;
  }
  return last as R;
}
