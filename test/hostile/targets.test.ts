/**
 * imstress against gateways that are broken on purpose (issue #6): the real
 * engine and adapters, real loopback sockets, short timeouts. Whatever the
 * target does, the run ends within its duration plus a bounded grace, counts
 * exactly the error kinds the misbehaviour deserves, keeps its error samples
 * capped, and neither crashes nor leaves an unhandled rejection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import {
  startTcp,
  startWs,
  httpAnswer,
  Op,
  defaultControl,
  frame,
  type HostileServer,
  type WsPeer,
  type ClientFrame,
} from '../helpers/hostile.js';
import { graceMs, hostileConfig, runAgainst, type HostileRun } from '../helpers/hostile-run.js';
import { encodePushMessages, ReqIdentifier } from '../../src/protocol/openim/index.js';
import { parseThreshold } from '../../src/config/thresholds.js';
import { ExitCode } from '../../src/errors.js';
import type { RunConfig } from '../../src/config/run-config.js';
import type { ErrorKind } from '../../src/protocol/adapter.js';

/** Any error at all fails the run's thresholds (exit 4), so the exit code tells clean runs from broken ones. */
const noErrors = (() => {
  const r = parseThreshold('errors.count<1');
  if (!r.ok) throw new Error(r.message);
  return r.threshold;
})();

const maxErrorSamples = 200;

async function against(server: Promise<HostileServer>, over: Partial<RunConfig> = {}): Promise<HostileRun & { server: HostileServer }> {
  const s = await server;
  try {
    const config = hostileConfig(s.url, { thresholds: [noErrors], ...over });
    const run = await runAgainst(config);
    assert.deepEqual(run.crashes, [], 'no unhandled rejection, no uncaught exception');
    assert.ok(run.elapsedMs <= graceMs(config), `ended within duration + grace (${Math.round(run.elapsedMs)} ms > ${graceMs(config)} ms)`);
    assert.ok(run.result.errorSamples.length <= maxErrorSamples, 'error samples are capped');
    assert.ok(
      run.result.errorSamples.every((e) => e.message.length <= 500),
      'sample messages are capped',
    );
    const sampled = new Set(run.result.errorSamples.map((e) => e.kind));
    for (const k of sampled) assert.ok((run.errors[k] ?? 0) > 0, `sampled kind ${k} is counted`);
    return { ...run, server: s };
  } finally {
    await s.close();
  }
}

/** Only these kinds were counted (each at least once). */
function onlyKinds(run: HostileRun, kinds: readonly ErrorKind[]): void {
  assert.deepEqual(Object.keys(run.errors).sort(), [...kinds].sort(), `error kinds: ${JSON.stringify(run.errors)}`);
}

const usersOf = (run: HostileRun): number => Number(run.report.config['users']);

/** One error of `kind` per connection, but for the ones still waiting when the run stopped; and VUs reconnected after it. */
function perConnection(run: HostileRun, kind: ErrorKind): void {
  const n = run.errors[kind] ?? 0;
  const { handshakes } = run.result.totals;
  assert.ok(handshakes > usersOf(run), `VUs reconnected after the error (${handshakes} handshakes)`);
  assert.ok(n <= handshakes && n >= handshakes - usersOf(run), `${n} ${kind} for ${handshakes} connections`);
}

function verdict(run: HostileRun, status: string, exit: number): void {
  assert.equal(run.report.verdict.status, status, run.report.verdict.reasons.join('; '));
  assert.equal(run.report.verdict.exitCode, exit);
}

/**
 * Nothing served, every request answered with an error: the target is unavailable (exit 3), the
 * verdict names the error (#17.4), and no hang kind is given to a server that answers.
 */
function answeredOnlyErrors(run: HostileRun): void {
  verdict(run, 'target-unavailable', ExitCode.targetUnavailable);
  assert.match(run.report.verdict.reasons[0] ?? '', /^target unavailable: the target answers, but every /);
  assert.equal(run.result.hang, null);
}

/** Answers every request with a valid reply; pings and closes handled as a good server does. */
function echoReplies(p: WsPeer, f: ClientFrame): void {
  if (!defaultControl(p, f)) p.send(Op.binary, p.replyTo(p.decode(f.payload)));
}

/** On each request frame (not control frames), call `fn`. */
const onRequest =
  (fn: (p: WsPeer, f: ClientFrame) => void) =>
  (p: WsPeer, f: ClientFrame): void => {
    if (!defaultControl(p, f)) fn(p, f);
  };

// --- before the upgrade ------------------------------------------------------------------

test('blackhole: TCP accepted, never an answer → handshake timeouts only, target unavailable (exit 3)', async () => {
  const r = await against(
    startTcp(() => undefined),
    { handshakeTimeoutMs: 400 },
  );
  onlyKinds(r, ['handshake-timeout']);
  assert.equal(r.result.totals.handshakes, 0);
  assert.ok(r.server.accepted() >= 2, 'every VU reached the socket');
  assert.equal(r.result.end, 'target-unavailable');
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('blackhole with a hang window shorter than the run: a no-handshake hang, evidence kept (exit 5)', async () => {
  const r = await against(
    startTcp(() => undefined),
    { durationMs: 5_000, handshakeTimeoutMs: 3_000, hangWindowMs: 1_000, stallThresholdMs: 500 },
  );
  assert.equal(r.result.end, 'hang-abort');
  assert.equal(r.result.hang?.kind, 'no-handshake');
  assert.equal(r.result.hang?.waitingByPhase['connecting'], 2, 'both VUs stuck in the handshake');
  assert.equal(r.result.totals.handshakes, 0);
  verdict(r, 'hang', ExitCode.hang);
});

test('HTTP that never upgrades (404) → handshake-rejected with the status, exit 3', async () => {
  const r = await against(startTcp((s) => s.once('data', () => s.end(httpAnswer(404, 'no websocket here', 'text/plain')))));
  onlyKinds(r, ['handshake-rejected']);
  assert.ok(
    r.result.errorSamples.every((e) => e.message.startsWith('HTTP 404')),
    r.result.errorSamples[0]?.message,
  );
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('HTTP 200 with a garbage body (not the OpenIM JSON) → handshake-rejected, errCode unknown, exit 3', async () => {
  const r = await against(startTcp((s) => s.once('data', () => s.end(httpAnswer(200, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x7b]))))));
  onlyKinds(r, ['handshake-rejected']);
  assert.ok(
    r.result.errorSamples.every((e) => /^HTTP 200: HTTP 200 OK$/.test(e.message)),
    r.result.errorSamples[0]?.message,
  );
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('an answer that is not HTTP at all → handshake-rejected (the parser error), exit 3', async () => {
  const r = await against(startTcp((s) => s.once('data', () => s.end(Buffer.from('\x00\x01SSH-2.0-nope\r\n\r\n', 'latin1')))));
  onlyKinds(r, ['handshake-rejected']);
  assert.match(r.result.errorSamples[0]?.message ?? '', /Parse Error/);
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('101 with a wrong Sec-WebSocket-Accept → handshake-rejected (RFC 6455 §4.1), exit 3', async () => {
  const r = await against(startWs({ accept: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }));
  onlyKinds(r, ['handshake-rejected']);
  assert.match(r.result.errorSamples[0]?.message ?? '', /Sec-WebSocket-Accept/);
  assert.equal(r.result.totals.handshakes, 0);
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('reset in the middle of the handshake → connection-refused (reset before the handshake), exit 3', async () => {
  const r = await against(startTcp((s) => s.once('data', () => s.resetAndDestroy())));
  onlyKinds(r, ['connection-refused']);
  assert.match(r.result.errorSamples[0]?.message ?? '', /ECONNRESET/);
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

test('many VUs hammering a fast refusal: thousands of errors, 200 samples kept, run still on time', async () => {
  const r = await against(
    startTcp((s) => s.once('data', () => s.end(httpAnswer(500, 'x'.repeat(10_000), 'text/plain')))),
    { users: 50 },
  );
  onlyKinds(r, ['handshake-rejected']);
  assert.ok((r.errors['handshake-rejected'] ?? 0) > maxErrorSamples, `more errors (${r.errors['handshake-rejected']}) than samples`);
  assert.equal(r.result.errorSamples.length, maxErrorSamples);
  verdict(r, 'target-unavailable', ExitCode.targetUnavailable);
});

// --- after the upgrade ----------------------------------------------------------------------

test('upgrades, then silent forever (the v3.5.1 symptom) → reply timeouts on open-but-silent connections, exit 4', async () => {
  const r = await against(startWs({ onFrame: () => undefined }));
  onlyKinds(r, ['reply-timeout']);
  assert.ok(r.result.errorSamples.every((e) => e.message.includes('open but silent')));
  assert.equal(r.result.totals.replies, 0);
  assert.ok(r.result.totals.handshakes >= 2);
  verdict(r, 'thresholds-failed', ExitCode.thresholdsFailed);
});

test('upgrades, then silent, with a hang window: an open-but-silent hang, exit 5', async () => {
  const r = await against(startWs({ onFrame: () => undefined }), {
    durationMs: 5_000,
    replyTimeoutMs: 3_000,
    hangWindowMs: 1_000,
    stallThresholdMs: 500,
  });
  assert.equal(r.result.end, 'hang-abort');
  assert.equal(r.result.hang?.kind, 'open-but-silent');
  assert.equal(r.result.hang?.openSilent, 2);
  assert.deepEqual(r.errors, {}, 'the hang is declared before any reply timeout');
  assert.equal(r.result.unfinishedByPhase['awaiting-reply'], 2, 'the stuck waits are kept as unfinished');
  verdict(r, 'hang', ExitCode.hang);
});

test('text frames instead of binary replies are ignored (§1.6, §2.7: later servers send text frames) → reply timeouts', async () => {
  let texts = 0;
  const r = await against(startWs({ onFrame: onRequest((p) => void (texts++, p.send(Op.text, Buffer.from('{"errCode":0}')))) }));
  assert.ok(texts > 0);
  onlyKinds(r, ['reply-timeout']);
  assert.equal(r.result.totals.replies, 0);
  verdict(r, 'thresholds-failed', ExitCode.thresholdsFailed);
});

test('undecodable gob → protocol-error naming the gob error, the socket dropped, the VU goes on', async () => {
  const r = await against(startWs({ onFrame: onRequest((p) => p.send(Op.binary, Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]))) }));
  onlyKinds(r, ['protocol-error']);
  assert.match(r.result.errorSamples[0]?.message ?? '', /^undecodable frame \(gob_/);
  perConnection(r, 'protocol-error');
  answeredOnlyErrors(r);
});

test('truncated gob (a valid reply cut short) → protocol-error gob_truncated', async () => {
  const r = await against(
    startWs({
      onFrame: onRequest((p, f) => {
        const reply = p.replyTo(p.decode(f.payload));
        p.send(Op.binary, reply.subarray(0, reply.length - 5));
      }),
    }),
  );
  onlyKinds(r, ['protocol-error']);
  assert.ok(
    r.result.errorSamples.every((e) => e.message === 'undecodable frame (gob_truncated)'),
    r.result.errorSamples[0]?.message,
  );
  answeredOnlyErrors(r);
});

test('bad gzip on a compression=gzip connection → protocol-error gzip_invalid', async () => {
  const r = await against(startWs({ onFrame: onRequest((p) => p.send(Op.binary, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]))) }), {
    compression: 'gzip',
  });
  onlyKinds(r, ['protocol-error']);
  assert.ok(
    r.result.errorSamples.every((e) => e.message === 'undecodable frame (gzip_invalid)'),
    r.result.errorSamples[0]?.message,
  );
  answeredOnlyErrors(r);
});

test('a 10 MB frame (over the SDK 1 MiB read limit, §5) → protocol-error WS_ERR_UNSUPPORTED_MESSAGE_LENGTH, never buffered', async () => {
  const big = frame(Op.binary, Buffer.alloc(10 * 1024 * 1024, 7));
  const r = await against(startWs({ onFrame: onRequest((p) => void p.socket.write(big)) }), { replyTimeoutMs: 5_000, durationMs: 1_000 });
  onlyKinds(r, ['protocol-error']);
  assert.ok(
    r.result.errorSamples.every((e) => e.message === 'invalid WebSocket frame (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH)'),
    r.result.errorSamples[0]?.message,
  );
  answeredOnlyErrors(r);
});

test('a flood of pushes (2001) around the replies: every reply still matched, no error (exit 0)', async () => {
  const push = (p: WsPeer): Buffer =>
    p.replyTo(
      { reqIdentifier: ReqIdentifier.PushMsg, msgIncr: '', operationID: 'flood', token: '', sendID: '', data: new Uint8Array(0) },
      {
        data: encodePushMessages({
          msgs: { si_a_b: { Msgs: [{ clientMsgID: 'not-ours', sendID: 'a', recvID: 'b', seq: 1 }], isEnd: false } },
          notificationMsgs: {},
        }),
      },
    );
  let pushed = 0;
  const r = await against(
    startWs({
      onOpen: (p) => {
        const frameBytes = frame(Op.binary, push(p));
        // As fast as the client reads (the server here shares this process's event loop, so it waits for 'drain').
        const burst = (): void => {
          let more = true;
          for (let i = 0; i < 200 && more && !p.socket.destroyed; i++, pushed++) more = p.socket.write(frameBytes);
          if (p.socket.destroyed || pushed >= 200_000) return;
          if (more) setImmediate(burst);
          else p.socket.once('drain', burst);
        };
        burst();
      },
      onFrame: echoReplies,
    }),
    { handshakeTimeoutMs: 3_000, replyTimeoutMs: 3_000, closeTimeoutMs: 3_000 },
  );
  assert.ok(pushed > 1_000, `the server flooded (${pushed} pushes)`);
  assert.deepEqual(r.errors, {});
  assert.ok(r.result.totals.replies > 0);
  const { replies, handshakes } = r.result.totals;
  assert.ok(
    replies <= handshakes && replies >= handshakes - usersOf(r),
    `one reply per session but those cut by the end (${replies}/${handshakes})`,
  );
  verdict(r, 'ok', ExitCode.ok);
});

test('reset in the middle of a frame → unexpected-close, the VU reconnects', async () => {
  const r = await against(
    startWs({
      onFrame: onRequest((p) => {
        p.socket.write(frame(Op.binary, Buffer.alloc(1000)).subarray(0, 100));
        setTimeout(() => p.socket.resetAndDestroy(), 10);
      }),
    }),
  );
  onlyKinds(r, ['unexpected-close']);
  perConnection(r, 'unexpected-close');
  answeredOnlyErrors(r);
});

test('closes the TCP connection without a close frame instead of replying (§2.6) → unexpected-close', async () => {
  const r = await against(startWs({ onFrame: onRequest((p) => p.socket.end()) }));
  onlyKinds(r, ['unexpected-close']);
  assert.match(r.result.errorSamples[0]?.message ?? '', /connection closed \(1006\) before the reply/);
  answeredOnlyErrors(r);
});

test('reset in the middle of the close handshake: the server let go, the close phase ends (no error)', async () => {
  const r = await against(
    startWs({
      onFrame: (p, f) => {
        if (f.opcode === Op.close) p.socket.resetAndDestroy();
        else echoReplies(p, f);
      },
    }),
  );
  assert.deepEqual(r.errors, {});
  assert.ok(r.result.totals.closes > 0);
  assert.equal(r.result.totals.closes, r.result.totals.iterations);
  verdict(r, 'ok', ExitCode.ok);
});

test('never answers a close → close-timeout, socket dropped at the deadline, no leak of the phase', async () => {
  const sockets = new Set<Socket>();
  const r = await against(
    startWs({
      onOpen: (p) => void sockets.add(p.socket),
      onFrame: (p, f) => {
        if (f.opcode !== Op.close) echoReplies(p, f);
      },
    }),
  );
  onlyKinds(r, ['close-timeout']);
  assert.equal(r.result.totals.closes, 0);
  // Every connection opened during the load got its reply; since #18 a dial the stop caught may still open in the
  // end's grace (a handshake with no request), so only those may lack one.
  const lateOpened = r.result.totals.handshakes - r.result.totals.replies;
  assert.ok(
    lateOpened >= 0 && lateOpened <= (r.result.unfinishedByPhase['connecting'] ?? 0),
    `replies ${r.result.totals.replies}, handshakes ${r.result.totals.handshakes}, dials caught by the stop ${r.result.unfinishedByPhase['connecting'] ?? 0}`,
  );
  assert.ok(
    [...sockets].every((s) => s.destroyed || s.readableEnded),
    'the client dropped every connection',
  );
  verdict(r, 'thresholds-failed', ExitCode.thresholdsFailed);
});

test("reads nothing so the client's writes back up → reply timeouts, the run still ends on time", async () => {
  const r = await against(startWs({ onOpen: (p) => void p.socket.pause() }), { messages: 3 });
  onlyKinds(r, ['reply-timeout']);
  assert.equal(r.result.totals.replies, 0);
  verdict(r, 'thresholds-failed', ExitCode.thresholdsFailed);
});

test('control: a well-behaved scripted server gives a clean run (exit 0), gob and gzip', async () => {
  for (const compression of ['none', 'gzip'] as const) {
    const r = await against(startWs({ onFrame: echoReplies }), { compression });
    assert.deepEqual(r.errors, {}, compression);
    assert.ok(r.result.totals.iterations > 0);
    verdict(r, 'ok', ExitCode.ok);
  }
});

test('raw adapter: a 10 MB frame is a protocol error, not a crash or a hang', async () => {
  const big = frame(Op.binary, Buffer.alloc(10 * 1024 * 1024, 7));
  const r = await against(startWs({ onFrame: onRequest((p) => void p.socket.write(big)) }), {
    adapter: 'raw',
    replyTimeoutMs: 5_000,
    durationMs: 1_000,
  });
  onlyKinds(r, ['protocol-error']);
  answeredOnlyErrors(r);
});
