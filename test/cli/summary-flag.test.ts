/** `--no-summary` (k6's): the end-of-run table is left out; the report is written and the exit code is the verdict's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './capture-io.js';

test('run --no-summary: no summary on stderr, the report path still named, the report written, the verdict as the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-summary-'));
  try {
    const path = join(dir, 'r.json');
    const r = await runMain([
      'run',
      '--users',
      '2',
      '--duration',
      '1s',
      '--gateway-mode',
      'v3.8',
      '--progress',
      'off',
      '--report',
      path,
      '--no-summary',
    ]);
    assert.ok(existsSync(path), r.stderr);
    const report = JSON.parse(readFileSync(path, 'utf8')) as { verdict: { exitCode: number }; config: { summary: boolean } };
    assert.equal(r.code, report.verdict.exitCode);
    assert.equal(report.config.summary, false);
    assert.doesNotMatch(r.stderr, /^(Throughput|Errors|Drain check)\b/m, r.stderr);
    assert.match(r.stderr, new RegExp(`^report: ${path.replaceAll('.', '\\.')}$`, 'm'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
