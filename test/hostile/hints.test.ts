/**
 * Hints for the common mistakes (issue #11), against real servers through
 * the real engine and both adapters: `wss://` to a plain HTTP port, `ws://`
 * to a TLS port (a Node server resets, a Go server answers 400 "Client sent
 * an HTTP request to an HTTPS server"), a 404 on the upgrade, a 401/403 from
 * a proxy. The hint is in the error samples and in the summary.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTcp, httpAnswer } from '../helpers/hostile.js';
import { hostileConfig, runAgainst } from '../helpers/hostile-run.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import type { AdapterName } from '../../src/protocol/adapter.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-hints-'));
let key: Buffer;
let cert: Buffer;

before(() => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(join(dir, 'k.pem'));
  cert = readFileSync(join(dir, 'c.pem'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function listen(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return {
    port: typeof a === 'object' && a !== null ? a.port : 0,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Runs both adapters against `url` for a second; returns the run's error messages and its summary. */
async function hintFor(adapter: AdapterName, url: string): Promise<{ messages: string[]; summary: string; markdown: string }> {
  const run = await runAgainst(hostileConfig(url, { adapter, durationMs: 800, insecure: true }));
  assert.deepEqual(run.crashes, []);
  return {
    messages: run.result.errorSamples.map((e) => e.message),
    summary: renderSummary(run.report, { color: false, width: 200 }),
    markdown: renderReportMarkdown(run.report),
  };
}

const cases: ReadonlyArray<{
  name: string;
  start: () => Promise<{ port: number; close(): Promise<void> }>;
  scheme: 'ws' | 'wss';
  path: string;
  hint: RegExp;
  adapters: readonly AdapterName[];
}> = [
  {
    name: 'wss:// to a plain HTTP port',
    start: () => listen(createHttp((_q, r) => r.end('plain'))),
    scheme: 'wss',
    path: '/',
    hint: /the target answered plain HTTP, not TLS: use ws:\/\//,
    adapters: ['raw', 'openim'],
  },
  {
    name: 'ws:// to a TLS port (a Node server: reset)',
    start: () => listen(createHttps({ key, cert }, (_q, r) => r.end('tls'))),
    scheme: 'ws',
    path: '/',
    hint: /if it serves TLS, use wss:\/\//,
    adapters: ['raw', 'openim'],
  },
  {
    name: 'ws:// to a TLS port (a Go server: 400 "Client sent an HTTP request to an HTTPS server")',
    start: () =>
      startTcp((s) => s.once('data', () => s.end(httpAnswer(400, 'Client sent an HTTP request to an HTTPS server.\n', 'text/plain')))),
    scheme: 'ws',
    path: '/',
    hint: /the target serves TLS: use wss:\/\//,
    adapters: ['openim'],
  },
  {
    name: 'a 404 on the upgrade',
    start: () => listen(createHttp((_q, r) => r.writeHead(404).end('not here'))),
    scheme: 'ws',
    path: '/wrong',
    hint: /wrong path\? nothing upgrades at \/wrong/,
    adapters: ['raw', 'openim'],
  },
  {
    name: 'a 401 from a proxy',
    start: () => listen(createHttp((_q, r) => r.writeHead(401).end('no'))),
    scheme: 'ws',
    path: '/',
    hint: /token refused by a proxy\?/,
    adapters: ['raw', 'openim'],
  },
  {
    name: 'a 403 from a proxy',
    start: () => listen(createHttp((_q, r) => r.writeHead(403).end('no'))),
    scheme: 'ws',
    path: '/',
    hint: /token refused by a proxy\?/,
    adapters: ['raw', 'openim'],
  },
];

for (const c of cases) {
  for (const adapter of c.adapters) {
    test(`hint, ${adapter} adapter: ${c.name}`, async () => {
      const s = await c.start();
      try {
        const r = await hintFor(adapter, `${c.scheme}://127.0.0.1:${s.port}${c.path}`);
        assert.ok(r.messages.length > 0, 'the run had errors');
        assert.ok(
          r.messages.every((m) => c.hint.test(m)),
          r.messages[0],
        );
        assert.match(r.summary, new RegExp(`^Hints\\n {2}hint: .*${c.hint.source}`, 'm'));
        assert.match(r.markdown, /> \*\*hint:\*\*/);
      } finally {
        await s.close();
      }
    });
  }
}

test('no hint where there is no mistake to name: a refused port', async () => {
  const s = await listen(createHttp());
  const port = s.port;
  await s.close();
  const r = await hintFor('raw', `ws://127.0.0.1:${port}/`);
  assert.ok(r.messages.length > 0);
  assert.ok(
    r.messages.every((m) => !m.includes('hint:')),
    r.messages[0],
  );
  assert.doesNotMatch(r.summary, /^Hints/m);
});
