/**
 * The pre-run port check through the built CLI (design.md "Churn and the
 * port range"): a run planning more open connections than this machine's
 * ephemeral port range gives warns before it starts, and one more source
 * address (--local-address) makes the same plan fit. The users' start times
 * are spread over an hour, so only a handful connect before the run is
 * stopped with Ctrl-C (a partial report, exit 130).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli.js';
import { createListeningServer } from '../../src/transport/ws.js';
import { readPortFacts } from '../../src/transport/port-range.js';

const facts = readPortFacts();
const dir = mkdtempSync(join(tmpdir(), 'imstress-ports-e2e-'));
let server: ReturnType<typeof createListeningServer>;
let url = '';

before(async () => {
  server = await new Promise((resolve) => {
    const s = createListeningServer({ host: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  server.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
  const a = server.address();
  assert.ok(typeof a === 'object' && a !== null);
  url = `ws://127.0.0.1:${a.port}/`;
});
after(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** A run of an hour, stopped with SIGINT after 1.5 s: the check has spoken by then (it runs before the target is dialled). */
async function run(users: number, extra: readonly string[], report: string) {
  const c = startCli(
    [
      'run',
      '--adapter',
      'raw',
      '--target',
      url,
      '--users',
      String(users),
      '--ramp-up',
      '1h',
      '--duration',
      '1h',
      '--progress',
      'off',
      '--report',
      join(dir, report),
      ...extra,
    ],
    { timeoutMs: 60_000 },
  );
  const timer = setTimeout(() => c.child.kill('SIGINT'), 1500);
  try {
    return await c.result;
  } finally {
    clearTimeout(timer);
  }
}

test(
  'more users than local ports: a warning before the run, and the run still happens',
  { skip: facts.range === null ? 'no /proc/sys/net/ipv4/ip_local_port_range here' : false },
  async () => {
    const range = facts.range;
    assert.ok(range !== null);
    const ports = range.high - range.low + 1;
    const users = ports + 1;
    const r = await run(users, [], 'over.json');
    assert.equal(r.code, 130, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `warning: up to ${users.toLocaleString('en-US')} connections open at once to the target, but the local port range ${range.low}–${range.high} gives ${ports.toLocaleString('en-US')} per source address`,
      ),
    );
    assert.match(r.stderr, /--local-address/);
    assert.ok(existsSync(join(dir, 'over.json')), 'the run went ahead (and, interrupted, wrote its partial report)');

    const fits = await run(users, ['--local-address', '127.0.0.1,127.0.0.2'], 'fits.json');
    assert.equal(fits.code, 130, fits.stderr);
    assert.doesNotMatch(fits.stderr, /warning: up to/);
  },
);
