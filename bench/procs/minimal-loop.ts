/**
 * The yardstick: the smallest hand-written `ws` client loop doing the same
 * cycle as an imstress virtual user — connect → send one frame → first
 * reply → close handshake (the server closes TCP) — with no timers, no
 * phases, no metrics. Whatever this reaches is the practical limit of the
 * machine; imstress is measured against it side by side.
 *
 *   node dist/bench/procs/minimal-loop.js '{"url":…,"users":100,"durationMs":5000,"mode":"churn"|"steady","protocol":"raw"|"openim","apiUrl":…,"heartbeatMs":…}'
 *
 * Prints `{"ready":true}` once prepared (tokens fetched), then one JSON
 * result line: cycles, elapsed ms, CPU ms, RSS before/after.
 */
import { dial, type WebSocket } from '../../src/transport/ws.js';
import { defaultAdminUser } from '../../src/catalog/openim-versions.js';
import { adminToken, type ApiClientOptions, type ApiCredential } from '../../src/protocol/openim/rest.js';
import {
  encodeGetMaxSeqReq,
  encodeReqFrame,
  handshakeUrl,
  registerUsers,
  ReqIdentifier,
  userToken,
} from '../../src/protocol/openim/index.js';

interface Options {
  readonly url: string;
  readonly users: number;
  readonly durationMs: number;
  readonly mode: 'churn' | 'steady';
  readonly protocol: 'raw' | 'openim';
  readonly apiUrl?: string;
  readonly prefix?: string;
  readonly heartbeatMs?: number;
  /** steady: spread connects over this long */
  readonly rampUpMs?: number;
}

const o = JSON.parse(process.argv[2] ?? '{}') as Options;

/**
 * The secret (≤ v3.8.1), or the admin token when the API hands one out (≥ v3.8.2, and the embedded
 * gateway's v3.8 mode, §14.1): the registration and the token calls then carry it in their header.
 */
async function credentialFor(api: ApiClientOptions): Promise<string | ApiCredential> {
  try {
    return { kind: 'admin', token: await adminToken(api, 'openIM123', defaultAdminUser) };
  } catch {
    return 'openIM123';
  }
}

/** One target per user: its URL and its request frame, computed before the clock starts. */
async function prepare(): Promise<{ url: string; frame: Buffer }[]> {
  if (o.protocol === 'raw')
    return Array.from({ length: o.users }, (_, i) => ({ url: o.url, frame: Buffer.from(`minimal:${String(i).padStart(16, '0')}`) }));
  const prefix = o.prefix ?? 'minimal_u';
  const ids = Array.from({ length: o.users }, (_, i) => `${prefix}${i}`);
  const api = { apiUrl: o.apiUrl ?? '', timeoutMs: 10_000, operationID: () => `op-${Math.random().toString(16).slice(2)}` };
  const auth = await credentialFor(api);
  for (let i = 0; i < ids.length; i += 1000) await registerUsers(api, auth, ids.slice(i, i + 1000));
  const tokens: string[] = [];
  for (let i = 0; i < ids.length; i += 32)
    tokens.push(...(await Promise.all(ids.slice(i, i + 32).map((id) => userToken(api, auth, id, 1)))));
  return ids.map((userID, i) => ({
    url: handshakeUrl({
      url: o.url,
      userID,
      token: tokens[i] ?? '',
      platformID: 1,
      operationID: `min-${i}`,
      compression: 'none',
      encoding: 'gob',
    }),
    frame: encodeReqFrame(
      {
        reqIdentifier: ReqIdentifier.GetNewestSeq,
        token: '',
        sendID: userID,
        operationID: `min-${i}`,
        msgIncr: `${userID}_1`,
        data: encodeGetMaxSeqReq({ userID }),
      },
      { compression: 'none', encoding: 'gob' },
    ),
  }));
}

/** connect → send → first reply; resolves with the open socket, or null on any failure. */
function open(url: string, frame: Buffer): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = dial(url, { handshakeTimeoutMs: 10_000 });
    ws.on('error', () => resolve(null));
    ws.once('open', () => ws.send(frame, { binary: true, compress: false }));
    ws.once('message', () => resolve(ws));
    ws.once('close', () => resolve(null));
  });
}

function close(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close(1000);
  });
}

const targets = await prepare();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const rssBefore = process.memoryUsage.rss();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const deadline = t0 + o.durationMs;
let cycles = 0;
let failures = 0;
let peakRss = rssBefore;

if (o.mode === 'churn') {
  await Promise.all(
    targets.map(async (t) => {
      while (performance.now() < deadline) {
        const ws = await open(t.url, t.frame);
        if (ws === null) {
          failures++;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        await close(ws);
        cycles++;
      }
    }),
  );
} else {
  const sockets: WebSocket[] = [];
  const ramp = o.rampUpMs ?? 0;
  await Promise.all(
    targets.map(async (t, i) => {
      if (ramp > 0) await new Promise((r) => setTimeout(r, (ramp * i) / targets.length));
      const ws = await open(t.url, t.frame);
      if (ws === null) failures++;
      else {
        sockets.push(ws);
        cycles++;
      }
    }),
  );
  // Hold them open with a heartbeat (a ping per connection every heartbeatMs), as imstress does.
  const every = o.heartbeatMs ?? 5000;
  const beat = setInterval(() => {
    for (const s of sockets) s.ping();
  }, every);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
  await new Promise((r) => setTimeout(r, Math.max(0, deadline - performance.now())));
  clearInterval(beat);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ holding: sockets.length })}\n`);
  await Promise.all(sockets.map((s) => close(s)));
}
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ cycles, failures, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBefore, rssAfter: Math.max(peakRss, process.memoryUsage.rss()) })}\n`,
);
process.exit(0);
