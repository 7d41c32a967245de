/**
 * Verdicts that agree with the run's own numbers (issue #17 items 3, 4 and 7):
 * a moving server online count does not hide a silent gateway, a server that
 * answers only with errors is named by its error (never given a hang kind),
 * the VU backs off after any error, and a refusal shows the server's code and
 * message. Real engine, real adapters, real loopback sockets; each case states
 * its exit code, its verdict text and a wall-time bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  startTcp,
  startWs,
  httpAnswer,
  Op,
  defaultControl,
  type HostileServer,
  type WsPeer,
  type ClientFrame,
} from '../helpers/hostile.js';
import { graceMs, hostileConfig, runAgainst, type HostileRun } from '../helpers/hostile-run.js';
import { createServerProbe } from '../../src/engine/probe.js';
import { renderSummary } from '../../src/reporters/console.js';
import { ExitCode } from '../../src/errors.js';
import type { RunConfig } from '../../src/config/run-config.js';

async function against(server: Promise<HostileServer>, over: Partial<RunConfig>, metricsUrl: string | null = null): Promise<HostileRun> {
  const s = await server;
  try {
    const config = hostileConfig(s.url, over);
    const probe =
      metricsUrl === null
        ? null
        : createServerProbe({ metricsUrl, gaugeName: 'online_user_num', pprofUrl: null, statsUrl: null, dumpLabel: 'test' });
    const run = await runAgainst(config, probe);
    assert.deepEqual(run.crashes, [], 'no unhandled rejection, no uncaught exception');
    assert.ok(run.elapsedMs <= graceMs(config), `ended within duration + grace (${Math.round(run.elapsedMs)} ms > ${graceMs(config)} ms)`);
    return run;
  } finally {
    await s.close();
  }
}

const banner = (run: HostileRun): string => renderSummary(run.report, { color: false, width: 200 }).split('\n')[0] ?? '';

function verdict(run: HostileRun, status: string, exit: number): void {
  assert.equal(run.report.verdict.status, status, run.report.verdict.reasons.join('; '));
  assert.equal(run.report.verdict.exitCode, exit);
}

/** At most one connect per VU per 100 ms backoff, plus the first: no hot reconnect loop. */
function backedOff(run: HostileRun): void {
  const users = Number(run.report.config['users']);
  const seconds = run.result.durationMs / 1000;
  const { connects } = run.result.totals;
  assert.ok(connects > users, `the VUs retried (${connects} connects)`);
  assert.ok(
    connects <= users * 10 * seconds + users,
    `${connects} connects in ${seconds.toFixed(1)} s for ${users} users: over users × 10/s`,
  );
}

const onRequest =
  (fn: (p: WsPeer, f: ClientFrame) => void) =>
  (p: WsPeer, f: ClientFrame): void => {
    if (!defaultControl(p, f)) fn(p, f);
  };

/** A `--metrics-url` whose online count alternates 20 / 21 on every read (other users on a shared gateway). */
async function alternatingMetrics(): Promise<{ url: string; reads: () => number; close(): Promise<void> }> {
  let reads = 0;
  const server: Server = createServer((_req, res) => {
    reads++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`# TYPE online_user_num gauge\nonline_user_num ${20 + (reads % 2)}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    reads: () => reads,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// --- #17.3 ------------------------------------------------------------------------------------

test('silent gateway + an online count that keeps changing: still a hang, the count not called frozen (exit 5)', async () => {
  const metrics = await alternatingMetrics();
  try {
    const r = await against(
      startWs({ onFrame: () => undefined }),
      { users: 4, durationMs: 8_000, replyTimeoutMs: 400, hangWindowMs: 2_500, stallThresholdMs: 300 },
      metrics.url,
    );
    assert.ok(metrics.reads() >= 3, `the count was read and changed (${metrics.reads()} reads)`);
    assert.equal(r.result.totals.replies, 0);
    assert.ok((r.errors['reply-timeout'] ?? 0) > 0, 'every wait failed');
    assert.equal(r.result.end, 'hang-abort');
    assert.equal(r.result.hang?.serverOnlineFrozen, false, 'the count moved: not a frozen-count diagnosis');
    assert.notEqual(r.result.hang?.kind, 'online-count-frozen');
    verdict(r, 'hang', ExitCode.hang);
    assert.match(banner(r), /^HANG at \d\d:\d\d — no progress for /);
  } finally {
    await metrics.close();
  }
});

test('control: a serving gateway with the same changing count is OK (exit 0)', async () => {
  const metrics = await alternatingMetrics();
  try {
    const echo = onRequest((p, f) => void p.send(Op.binary, p.replyTo(p.decode(f.payload))));
    const r = await against(
      startWs({ onFrame: echo }),
      { users: 4, durationMs: 3_000, hangWindowMs: 1_000, stallThresholdMs: 300 },
      metrics.url,
    );
    assert.deepEqual(r.errors, {});
    verdict(r, 'ok', ExitCode.ok);
    assert.match(banner(r), /^OK — [\d,]+ iterations in .*; no hang, no leak$/);
  } finally {
    await metrics.close();
  }
});

// --- #17.4 ------------------------------------------------------------------------------------

/** A frame header announcing 64 MiB (the body is never sent: the client must refuse on the header). */
const header64MiB = (() => {
  const b = Buffer.alloc(10);
  b[0] = 0x82;
  b[1] = 127;
  b.writeBigUInt64BE(64n * 1024n * 1024n, 2);
  return b;
})();

const answersOnlyErrors: ReadonlyArray<{ name: string; script: Parameters<typeof startWs>[0]; over?: Partial<RunConfig>; text: RegExp }> = [
  {
    name: 'garbage replies (undecodable gob)',
    script: { onFrame: onRequest((p) => void p.send(Op.binary, Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]))) },
    text: /^TARGET UNAVAILABLE — the target answers, but every reply undecodable: protocol-error [\d,]+$/,
  },
  {
    name: 'bad gzip',
    script: { onFrame: onRequest((p) => void p.send(Op.binary, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]))) },
    over: { compression: 'gzip' },
    text: /^TARGET UNAVAILABLE — the target answers, but every reply undecodable: protocol-error [\d,]+$/,
  },
  {
    name: 'a 64 MiB frame',
    script: { onFrame: onRequest((p) => void p.socket.write(header64MiB)) },
    text: /^TARGET UNAVAILABLE — the target answers, but every reply undecodable: protocol-error [\d,]+$/,
  },
  {
    name: 'unframed bytes',
    script: { onFrame: onRequest((p) => void p.socket.write(Buffer.from('HELLO, this is not a WebSocket frame\r\n'))) },
    text: /^TARGET UNAVAILABLE — the target answers, but every reply undecodable: protocol-error [\d,]+$/,
  },
  {
    name: 'a close right after each 101',
    script: { onOpen: (p) => void p.socket.end() },
    text: /^TARGET UNAVAILABLE — the target answers, but every connection closed by the server before its reply: unexpected-close [\d,]+$/,
  },
];

for (const c of answersOnlyErrors) {
  test(`${c.name}, 20 VUs, hang window shorter than the run: no hang kind, the dominant error named, ≤ users × 10 reconnects/s (exit 3)`, async () => {
    const r = await against(startWs(c.script), {
      users: 20,
      durationMs: 3_000,
      hangWindowMs: 1_000,
      stallThresholdMs: 300,
      replyTimeoutMs: 2_000,
      ...c.over,
    });
    assert.equal(r.result.hang, null, `no hang: the server answered every request (${r.result.hang?.kind ?? ''})`);
    assert.equal(r.result.totals.replies, 0);
    assert.ok(r.result.totals.handshakes > 0);
    backedOff(r);
    verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
    assert.match(banner(r), c.text);
    const d = r.report.verdict.dominantError;
    assert.ok(d !== undefined && d.every, 'the dominant error is in the report');
    assert.equal(d.count, r.result.errorsByKind[d.kind as keyof typeof r.result.errorsByKind], 'its count is the run’s count');
  });
}

// --- #17.7: the refusal's code and message in the summary ------------------------------------

test('HTTP 200 errCode 1501 refusal: the summary shows the code and the message (exit 3)', async () => {
  const body = JSON.stringify({ errCode: 1501, errMsg: 'token expired', errDlt: '' });
  const r = await against(
    startTcp((s) => s.once('data', () => s.end(httpAnswer(200, body)))),
    { users: 5, durationMs: 1_500 },
  );
  assert.deepEqual(Object.keys(r.errors), ['handshake-rejected']);
  backedOff(r);
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
  assert.match(
    banner(r),
    /^TARGET UNAVAILABLE — no virtual user reached the target: [\d,]+ handshake-rejected \(errCode 1501 token expired\)$/,
  );
  assert.match(r.report.verdict.reasons.join('\n'), /every handshake rejected: handshake-rejected [\d,]+ \(errCode 1501 token expired\)/);
});

test('every request answered with errCode 1002: served, so not unavailable, but the summary names the error and its code', async () => {
  const refuse = onRequest(
    (p, f) => void p.send(Op.binary, p.replyTo(p.decode(f.payload), { errCode: 1002, errMsg: 'NoPermissionError' })),
  );
  const r = await against(startWs({ onFrame: refuse }), { users: 4, durationMs: 2_000 });
  assert.deepEqual(Object.keys(r.errors), ['error-reply']);
  backedOff(r);
  assert.equal(r.result.hang, null);
  verdict(r, 'ok', ExitCode.ok);
  assert.match(
    banner(r),
    /^OK — [\d,]+ iterations in .*; no hang, no leak; but every reply an error: error-reply [\d,]+ \(errCode 1002 NoPermissionError\)$/,
  );
});
