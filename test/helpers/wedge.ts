/**
 * The embedded-gateway arguments the e2e tests use to see v3.5.1 wedge in
 * seconds, with the write-up's plain churn loop (no overlap).
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
