/**
 * §8: the metrics port. Prometheus text on every path (promhttp is the only
 * handler upstream), `online_user_num` counting distinct users, plus the
 * imstress extras: `/stats` JSON and the task dump at `/debug/tasks` and
 * pprof's `/debug/pprof/goroutine?debug=1`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, type Fixture } from '../helpers/gateway.js';
import { parseDump } from '../../src/explain/index.js';

const registerChanCap = 7;

let f: Fixture;
let metricsUrl: string;
before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1', seed: 1, registerChanCap });
  assert.ok(f.gw.metricsUrl !== null, 'the fixture starts the metrics port');
  metricsUrl = f.gw.metricsUrl;
});
after(async () => {
  await f.close();
});

interface Got {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function get(path: string): Promise<Got> {
  const res = await fetch(new URL(path, metricsUrl), { signal: AbortSignal.timeout(2000) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The value of an unlabelled sample, or throws. */
function sample(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  assert.ok(m !== null, `no sample line for ${name} in:\n${text}`);
  return Number(m[1]);
}

async function onlineUserNum(): Promise<number> {
  return sample((await get('/metrics')).text, 'online_user_num');
}

for (const path of ['/metrics', '/whatever', '/']) {
  test(`GET ${path} → Prometheus text with the online_user_num gauge`, async () => {
    const r = await get(path);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/plain/);
    assert.match(r.text, /^# TYPE online_user_num gauge$/m);
    assert.match(r.text, /^online_user_num \d+$/m);
  });
}

test('the exposition parses: sample lines are `name value`, every metric has HELP and TYPE before its sample', async () => {
  const { text } = await get('/metrics');
  assert.ok(text.endsWith('\n'), 'text ends with a newline');
  const help = new Set<string>();
  const type = new Map<string, string>();
  const samples: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (line.startsWith('#')) {
      assert.ok(comment !== null, `malformed comment line: ${JSON.stringify(line)}`);
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      if (kind === 'HELP') help.add(name);
      else {
        assert.match(rest, /^(gauge|counter|histogram|summary|untyped)$/, line);
        type.set(name, rest);
      }
      continue;
    }
    assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]* -?[0-9.e+-]+$/, `malformed sample line: ${JSON.stringify(line)}`);
    const name = line.slice(0, line.indexOf(' '));
    assert.ok(help.has(name), `${name} has no HELP line before its sample`);
    assert.ok(type.has(name), `${name} has no TYPE line before its sample`);
    assert.ok(Number.isFinite(Number(line.slice(line.indexOf(' ') + 1))), line);
    samples.push(name);
  }
  assert.equal(new Set(samples).size, samples.length, 'each metric is sampled once');
  assert.deepEqual([...help].sort(), [...samples].sort(), 'every HELP has a sample');
  assert.deepEqual([...type.keys()].sort(), [...samples].sort(), 'every TYPE has a sample');
  assert.equal(type.get('online_user_num'), 'gauge');
});

test('online_user_num counts distinct users, not connections, and returns to 0', async () => {
  assert.equal(await onlineUserNum(), 0);
  const a1 = await f.open('mu1', { platformID: 1 });
  const a3 = await f.open('mu1', { platformID: 3 }); // another class (PC): policy 1 does not kick
  const b1 = await f.open('mu2', { platformID: 1 });
  assert.ok(await waitFor(() => f.gw.ws.onlineUserConnNum === 3, 2000), 'three connections registered');

  const text = (await get('/metrics')).text;
  assert.equal(sample(text, 'online_user_num'), 2);
  assert.equal(sample(text, 'imstress_gateway_online_user_conn_num'), 3);
  const stats = JSON.parse((await get('/stats')).text) as { onlineUserNum: number; connections: { open: number } };
  assert.equal(stats.onlineUserNum, 2);
  assert.equal(stats.connections.open, 3);

  await Promise.all([a1.close(2000), a3.close(2000), b1.close(2000)]);
  assert.ok(await waitFor(() => f.gw.stats().onlineUserNum === 0 && f.gw.ws.onlineUserConnNum === 0, 2000), 'every user unregistered');
  assert.equal(await onlineUserNum(), 0);
});

test('/stats: JSON with mode, queue capacities as configured, open connections', async () => {
  const r = await get('/stats');
  assert.equal(r.status, 200);
  assert.match(r.contentType, /^application\/json/);
  const s = JSON.parse(r.text) as {
    mode: string;
    queues: Record<'register' | 'unregister' | 'kick', { len: number; cap: number; blockedSenders: number }>;
    connections: { open: number };
    tasks: number;
  };
  assert.equal(s.mode, 'v3.5.1');
  assert.equal(s.queues.register.cap, registerChanCap);
  assert.equal(s.queues.unregister.cap, f.gw.config.unregisterChanCap);
  assert.equal(s.queues.kick.cap, f.gw.config.kickChanCap);
  assert.equal(s.queues.register.len, 0);
  assert.equal(typeof s.connections.open, 'number');
  assert.ok(s.connections.open >= 0);
  assert.ok(s.tasks >= 1, 'at least the loop');
});

test("/debug/tasks: Go's debug=2 format, the loop as WsServer.Run.func1 named by its task", async () => {
  const r = await get('/debug/tasks');
  assert.equal(r.status, 200);
  assert.match(
    r.text,
    /^goroutine \d+ \[select, \d+ ms\]:\nruntime\.selectgo\([^)]*registerChan[^)]*\)\n\truntime\/select\.go:0\nmsggateway\.\(\*WsServer\)\.Run\.func1\(Run loop\)\n/m,
  );
  const parsed = parseDump(r.text);
  assert.equal(parsed.length, f.gw.tasks.list().length, 'every task parses as a goroutine');
});

test("/debug/pprof/goroutine?debug=1: Go's debug=1 format, counts summing to the live tasks", async () => {
  const r = await get('/debug/pprof/goroutine?debug=1');
  assert.equal(r.status, 200);
  const live = f.gw.tasks.list().length;
  assert.match(r.text, new RegExp(`^goroutine profile: total ${live}\n\\d+ @ 0x0\n`));
  const records = parseDump(r.text);
  assert.ok(records.length >= 1);
  assert.equal(
    records.reduce((s, g) => s + g.count, 0),
    live,
  );
  const loop = records.find((g) => g.frames.some((fr) => fr.func === 'msggateway.(*WsServer).Run.func1'));
  assert.ok(loop !== undefined, 'the loop is one of the stacks');
  assert.match(loop.waitingOn ?? '', /registerChan/, 'its wait object, from the labels line');
});

test('/debug/tasks.json: parses and lists tasks with their summary', async () => {
  const r = await get('/debug/tasks.json');
  assert.equal(r.status, 200);
  assert.match(r.contentType, /^application\/json/);
  const v = JSON.parse(r.text) as { tasks: { id: number; name: string; state: string; stack: string[] }[]; summary: { count: number }[] };
  assert.ok(Array.isArray(v.tasks) && v.tasks.length >= 1);
  const loop = v.tasks.find((t) => t.name === 'Run loop');
  assert.ok(loop !== undefined, 'the loop is listed');
  assert.equal(typeof loop.id, 'number');
  assert.equal(typeof loop.state, 'string');
  assert.ok(Array.isArray(loop.stack));
  assert.ok(Array.isArray(v.summary));
  assert.equal(
    v.summary.reduce((n, g) => n + g.count, 0),
    v.tasks.length,
  );
});
