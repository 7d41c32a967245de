/**
 * A hostile metrics / pprof endpoint (`--metrics-url`, `--pprof-url`): the
 * server probe never waits past its timeout, never reads an endless body
 * into memory, and treats anything unreadable as "no online count".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServerProbe, maxDumpChars } from '../../src/engine/probe.js';

async function serve(answer: (res: ServerResponse) => void): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const probeAt = (base: string) =>
  createServerProbe({
    metricsUrl: `${base}/metrics`,
    gaugeName: 'online_user_num',
    pprofUrl: `${base}/debug/pprof/`,
    statsUrl: null,
    dumpLabel: 'test',
  });

test('metrics that stream without end: no online count, read no further than the cap, within the timeout', async () => {
  let written = 0;
  const s = await serve((res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = (): void => {
      while (!res.destroyed && written < 64 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
      if (!res.destroyed && written < 64 * 1024 * 1024) res.once('drain', pump);
    };
    pump();
  });
  try {
    assert.equal(await probeAt(s.base).onlineCount(), null);
    assert.ok(written < 64 * 1024 * 1024, 'the probe stopped reading before the server ran out');
  } finally {
    await s.close();
  }
});

for (const c of [
  { name: 'garbage', answer: (res: ServerResponse) => res.end(Buffer.from([0xff, 0x00, 0x7b, 0x0a])) },
  { name: 'HTTP 500', answer: (res: ServerResponse) => res.writeHead(500).end('online_user_num 5\n') },
  { name: 'headers then silence', answer: (res: ServerResponse) => res.writeHead(200).write('online_user_num ') },
  {
    name: 'a gauge that is not a number',
    answer: (res: ServerResponse) => res.end('# TYPE online_user_num gauge\nonline_user_num lots\n'),
  },
]) {
  test(`metrics answering ${c.name}: no online count (null), no throw`, async () => {
    const s = await serve(c.answer);
    try {
      assert.equal(await probeAt(s.base).onlineCount(), null);
    } finally {
      await s.close();
    }
  });
}

test('a 2 MB goroutine dump keeps its start, one character past the cap (so the engine marks it truncated)', async () => {
  const s = await serve((res) => res.end('goroutine 1 [chan send]:\n'.repeat(80_000)));
  try {
    const dump = await probeAt(s.base).dump();
    assert.ok(dump !== null);
    assert.equal(dump.text.length, maxDumpChars + 1);
    assert.ok(dump.text.startsWith('goroutine 1 [chan send]:'));
  } finally {
    await s.close();
  }
});
