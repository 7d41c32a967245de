/**
 * `node dist/bench/explain-digest.js [goroutines]` (or `--write FILE [n]`
 * to keep a generated dump, `--child FILE` to digest one): how long `imstress
 * explain` takes to digest a very large dump, and its peak memory (issue #16
 * target: 100k goroutines in under 2 s and 200 MB). Not part of `npm run
 * bench` nor of the tests.
 *
 * Writes a generated debug=2 dump shaped like a wedged gateway (one loop
 * blocked in its own iteration, a crowd of handlers blocked sending, readers
 * in close, idle connections in IO wait, timers, a few dozen distinct
 * stacks; every goroutine with its own addresses and waits), then digests
 * it in a fresh child process the way the command does (streamed from the
 * file, then the analysis) and reports wall time and the child's peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DigestBuilder, analyse, hangDigestOf, parseDumpChunks } from '../src/explain/index.js';

const hex = (n: number): string => `0xc${(0x10000000 + n * 0x40).toString(16).padStart(9, '0')}`;

/** Stack templates, innermost first: [function, file:line] pairs. */
const stacks: ReadonlyArray<{
  readonly state: string;
  readonly weight: number;
  readonly frames: ReadonlyArray<readonly [string, string]>;
}> = [
  {
    state: 'chan send',
    weight: 60,
    frames: [
      ['github.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).wsHandler', 'internal/msggateway/n_ws_server.go:442'],
      ['net/http.HandlerFunc.ServeHTTP', 'net/http/server.go:2136'],
      ['net/http.(*ServeMux).ServeHTTP', 'net/http/server.go:2514'],
      ['net/http.serverHandler.ServeHTTP', 'net/http/server.go:2938'],
      ['net/http.(*conn).serve', 'net/http/server.go:2009'],
    ],
  },
  {
    state: 'chan send',
    weight: 8,
    frames: [
      ['github.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).UnRegister', 'internal/msggateway/n_ws_server.go:160'],
      ['github.com/openimsdk/open-im-server/v3/internal/msggateway.(*Client).close', 'internal/msggateway/client.go:189'],
      ['github.com/openimsdk/open-im-server/v3/internal/msggateway.(*Client).readMessage', 'internal/msggateway/client.go:150'],
    ],
  },
  {
    state: 'IO wait',
    weight: 25,
    frames: [
      ['internal/poll.runtime_pollWait', 'runtime/netpoll.go:343'],
      ['internal/poll.(*pollDesc).wait', 'internal/poll/fd_poll_runtime.go:84'],
      ['internal/poll.(*FD).Read', 'internal/poll/fd_unix.go:164'],
      ['net.(*netFD).Read', 'net/fd_posix.go:55'],
      ['net.(*conn).Read', 'net/net.go:179'],
      ['bufio.(*Reader).fill', 'bufio/bufio.go:113'],
      ['github.com/gorilla/websocket.(*Conn).NextReader', 'github.com/gorilla/websocket@v1.5.0/conn.go:1000'],
      ['github.com/openimsdk/open-im-server/v3/internal/msggateway.(*Client).readMessage', 'internal/msggateway/client.go:135'],
    ],
  },
  {
    state: 'select',
    weight: 5,
    frames: [
      [
        'google.golang.org/grpc/internal/transport.(*controlBuffer).get',
        'google.golang.org/grpc@v1.57.0/internal/transport/controlbuf.go:418',
      ],
      [
        'google.golang.org/grpc/internal/transport.(*loopyWriter).run',
        'google.golang.org/grpc@v1.57.0/internal/transport/controlbuf.go:552',
      ],
    ],
  },
  {
    state: 'sleep',
    weight: 2,
    frames: [
      ['time.Sleep', 'runtime/time.go:195'],
      ['main.heartbeat', 'cmd/main.go:88'],
    ],
  },
];

function generate(path: string, n: number): Promise<number> {
  const out = createWriteStream(path);
  const total = stacks.reduce((s, t) => s + t.weight, 0);
  let id = 1;
  const write = (s: string): boolean => out.write(s);
  return new Promise((resolve, reject) => {
    out.on('error', reject);
    // The loop: serving until it blocked inside its own iteration.
    write(
      `goroutine ${id++} [chan send, 12 minutes]:\ngithub.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).UnRegister(...)\n\tinternal/msggateway/n_ws_server.go:160\ngithub.com/openimsdk/open-im-server/v3/internal/msggateway.(*Client).close(${hex(1)})\n\tinternal/msggateway/client.go:189 +0x1d6\ngithub.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).registerClient(${hex(2)}, ${hex(3)})\n\tinternal/msggateway/n_ws_server.go:244 +0x3a5\ngithub.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).Run.func1()\n\tinternal/msggateway/n_ws_server.go:180 +0xd5\ncreated by github.com/openimsdk/open-im-server/v3/internal/msggateway.(*WsServer).Run in goroutine 1\n\tinternal/msggateway/n_ws_server.go:172 +0x85\n\n`,
    );
    const next = (): void => {
      while (id <= n) {
        const r = (id * 7919) % total;
        let acc = 0;
        const t = stacks.find((s) => (acc += s.weight) > r) ?? stacks[0];
        if (t === undefined) break;
        const minutes = id % 3 === 0 ? `, ${1 + (id % 11)} minutes` : '';
        let block = `goroutine ${id} [${t.state}${minutes}]:\n`;
        t.frames.forEach(([func, at], k) => {
          // The outermost frame's line varies: a hundred-odd distinct stacks, as in a real dump, not five.
          const where = k === t.frames.length - 1 ? at.replace(/:(\d+)$/, (_m, l: string) => `:${Number(l) + (id % 23)}`) : at;
          block += `${func}(${hex(id + k)}, {${hex(id)}, 0x${(id % 4096).toString(16)}})\n\t${where} +0x${(k * 37 + 29).toString(16)}\n`;
        });
        block += `created by net/http.(*Server).Serve in goroutine ${1 + (id % 5)}\n\tnet/http/server.go:3086 +0x5cb\n\n`;
        id++;
        if (!write(block)) return void out.once('drain', next);
      }
      out.end(() => resolve(statSync(path).size));
    };
    next();
  });
}

async function digestChild(path: string): Promise<void> {
  const t0 = performance.now();
  const b = new DigestBuilder();
  const p = await parseDumpChunks(createReadStream(path), (g) => b.add(g));
  const d = b.finish(p.skipped);
  const digest = hangDigestOf(analyse(d, null, null));
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({
      goroutines: d.total,
      groups: d.groups.length,
      ms,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      first: digest.groups[0]?.line,
    }),
  );
}

async function mainBench(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'imstress-bench-explain-'));
  const file = join(dir, 'dump.txt');
  try {
    const bytes = await generate(file, n);
    const self = fileURLToPath(import.meta.url);
    const runs = [1, 2, 3].map(() => spawnSync(process.execPath, [self, '--child', file], { encoding: 'utf8', timeout: 120_000 }));
    const results = runs.map(
      (r) => JSON.parse(r.stdout) as { goroutines: number; groups: number; ms: number; maxRssMB: number; first: string },
    );
    const baseline = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS / 1024))'], {
      encoding: 'utf8',
    });
    process.stdout.write(
      [
        `dump: ${n} goroutines, ${(bytes / 1e6).toFixed(1)} MB (debug=2, generated)`,
        ...results.map(
          (r, i) =>
            `run ${i + 1}: ${r.goroutines} goroutines → ${r.groups} groups in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB`,
        ),
        `(an empty node process peaks at ${Number(baseline.stdout).toFixed(0)} MB)`,
        `first line: ${results[0]?.first ?? ''}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await digestChild(process.argv[3] ?? '');
else if (process.argv[2] === '--write')
  process.stdout.write(`${await generate(process.argv[3] ?? 'dump.txt', Number(process.argv[4] ?? 100_000))} bytes\n`);
else await mainBench();
