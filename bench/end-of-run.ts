/**
 * Issue #18: how a churn run's connections end, seen from a `ws` echo server in its own process that
 * counts the upgrades it accepted and its close codes (1006 = abnormal: the client went away without a
 * close frame), plus the client-side TIME_WAIT sockets left for the target's port (the server should
 * close TCP first, RFC 6455 §7.1.1). `--cli` runs another build (e.g. main's) for a before/after.
 *
 *   node dist/bench/end-of-run.js --run [--users 1000] [--duration 20s] [--workers 2] [--cli /path/bin/imstress.js]
 *
 * Without `--run` it exits at once (node --test runs every .js under dist/).
 */
import { startEcho } from './lib/proc.js';
import { runImstress } from './lib/imstress.js';
import { timeWaitByPort } from './lib/time-wait.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

if (argv.includes('--run')) {
  const users = opt('users') ?? '1000';
  const duration = opt('duration') ?? '20s';
  const workers = opt('workers');
  const cli = opt('cli');
  const echo = await startEcho();
  const port = Number(new URL(echo.url).port);
  try {
    const before = timeWaitByPort(port);
    const args = [
      '--adapter',
      'raw',
      '--target',
      echo.url,
      '--users',
      users,
      '--duration',
      duration,
      '--think',
      '0ms',
      ...(workers === undefined ? [] : ['--workers', workers]),
    ];
    const r = await runImstress(args, { timeoutMs: 300_000, ...(cli === undefined ? {} : { cli }) });
    const end = performance.now() + 10_000;
    while (echo.open() > 0 && performance.now() < end) await new Promise((res) => setTimeout(res, 100));
    await new Promise((res) => setTimeout(res, 300)); // the last IPC report
    const after = timeWaitByPort(port);
    const counts = echo.counts();
    const t = r.report.totals;
    const failed = t.connects - t.handshakes;
    console.log(
      JSON.stringify({
        command: `node dist/bench/end-of-run.js ${argv.join(' ')}`,
        exitCode: r.exitCode,
        server: {
          accepted: counts.accepted,
          closeCodes: counts.closeCodes,
          abnormal: counts.closeCodes['1006'] ?? 0,
          stillOpen: echo.open(),
        },
        totals: t,
        check: {
          connectsMinusAcceptedPlusFailed: t.connects - (counts.accepted + failed),
          attemptsMinusAcceptedPlusFailed: t.attempts === undefined ? null : t.attempts - (counts.accepted + failed + (t.abandoned ?? 0)),
        },
        timeWait: before === null || after === null ? null : { client: after.client - before.client, server: after.server - before.server },
      }),
    );
  } finally {
    await echo.proc.stop();
  }
}
