/**
 * `--workers` end to end: the built CLI with two worker threads against the
 * embedded v3.8 gateway (tokens fetched per thread from its API). Counts are
 * asserted, never timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../helpers/gateway-process.js';

test('imstress run --workers 2: every user of both threads ran, one report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-workers-'));
  try {
    const report = join(dir, 'r.json');
    const users = 10;
    const iterations = 3;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          cliPath,
          'run',
          '--users',
          String(users),
          '--iterations',
          String(iterations),
          '--workers',
          '2',
          '--gateway-mode',
          'v3.8',
          '--progress',
          'off',
          '--report',
          report,
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no exit within 60 s\n${err}`));
      }, 60_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stderr: err });
      });
    });
    assert.equal(code, 0, stderr);
    const r = JSON.parse(readFileSync(report, 'utf8')) as Record<string, any>;
    assert.equal(r['workers'], 2);
    assert.equal(r['shard'], null);
    assert.equal(r['totals'].iterations, users * iterations);
    assert.equal(r['phases'].reply.raw.count, users * iterations);
    assert.equal(r['errors'].byKind['worker-died'], 0);
    assert.equal(r['drain'].checked, true, 'the main thread ran the drain check on the embedded gateway');
    assert.equal(r['drain'].ghosts, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
