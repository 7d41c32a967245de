/**
 * `--shard I/N` end to end: two shards of one scenario, each a built CLI in
 * its own process, run at the same time against one embedded gateway (a
 * child process), then `imstress merge`. Each shard gets a token file with
 * only the users the README's rule gives it (index ≡ I mod N): a shard that
 * drove any other user would fail for want of its token. Counts are
 * asserted, never timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, startGatewayProcess } from '../helpers/gateway-process.js';
import { fetchTokens } from '../helpers/churn.js';

function cli(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`imstress ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const readJson = (p: string): Record<string, any> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

test('two shards drive disjoint users that together are the whole pool, and merge into one report', async () => {
  const users = 7;
  const shards = 2;
  const iterations = 2;
  const prefix = 'imstress_u';
  const dir = mkdtempSync(join(tmpdir(), 'imstress-shard-'));
  const gw = await startGatewayProcess(['--mode', 'v3.8']);
  try {
    const tokens = await fetchTokens({ apiUrl: gw.api, users, prefix, platformID: 1 });
    const owned: string[][] = [];
    for (let s = 0; s < shards; s++) {
      const ids = tokens
        .map((_, i) => i)
        .filter((i) => i % shards === s)
        .map((i) => `${prefix}${i}`);
      owned.push(ids);
      writeFileSync(join(dir, `tokens-${s}.txt`), ids.map((id) => `${id} ${tokens[Number(id.slice(prefix.length))]}`).join('\n'));
    }
    const runs = await Promise.all(
      owned.map((_, s) =>
        cli(
          [
            'run',
            '--target',
            gw.ws,
            '--token-file',
            join(dir, `tokens-${s}.txt`),
            '--users',
            String(users),
            '--shard',
            `${s}/${shards}`,
            '--iterations',
            String(iterations),
            '--progress',
            'off',
            '--report',
            join(dir, `shard-${s}.json`),
          ],
          60_000,
        ),
      ),
    );
    for (const [s, r] of runs.entries()) assert.equal(r.code, 0, `shard ${s}: ${r.stderr}`);
    const reports = owned.map((_, s) => readJson(join(dir, `shard-${s}.json`)));
    for (const [s, report] of reports.entries()) {
      assert.deepEqual(report['shard'], { index: s, count: shards, users: owned[s]!.length });
      assert.equal(report['totals'].iterations, owned[s]!.length * iterations, 'every user of the shard ran, and no other');
      assert.equal(report['totals'].errors, 0);
    }
    // disjoint, and together exactly the pool of a single run (imstress_u0 … imstress_u6)
    const all = owned.flat();
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(new Set(all), new Set(Array.from({ length: users }, (_, i) => `${prefix}${i}`)));

    const merged = await cli(['merge', join(dir, 'shard-0.json'), join(dir, 'shard-1.json'), '-o', join(dir, 'merged.json')], 30_000);
    assert.equal(merged.code, 0, merged.stderr);
    const m = readJson(join(dir, 'merged.json'));
    assert.equal(m['totals'].iterations, users * iterations);
    assert.equal(m['phases'].iteration.raw.count, users * iterations, 'the merged histogram holds every shard sample');
    assert.equal(m['shards'].length, shards);
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
