import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImstressError } from '../../src/errors.js';
import { defaultReportPath, readReport, writeReportAtomic } from '../../src/report/io.js';
import { outputPathIssues } from '../../src/report/atomic-file.js';
import { report } from './fixtures.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function assertUsage(fn: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ImstressError, 'an ImstressError');
    assert.equal(err.exit, 'usage');
    assert.ok(err.message.includes(path), `message names the file: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

test('writeReportAtomic creates the parent dir, writes the report and leaves no temp file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'nested', 'deeper', 'r.json');
  const r = report();
  writeReportAtomic(path, r);
  assert.deepEqual(readdirSync(join(dir, 'nested', 'deeper')), ['r.json']);
  assert.deepEqual(readReport(path), r);
  assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
  // Overwrite: still one file, new content.
  const r2 = report({ durationMs: 5000 });
  writeReportAtomic(path, r2);
  assert.deepEqual(readdirSync(join(dir, 'nested', 'deeper')), ['r.json']);
  assert.equal(readReport(path).durationMs, 5000);
});

test('a failed write leaves neither a temp file nor a target, and says why', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'is-a-dir');
  mkdirSync(join(path, 'child'), { recursive: true });
  assert.throws(
    () => writeReportAtomic(path, report()),
    (err: unknown) => err instanceof ImstressError && err.message.includes(path),
  );
  assert.deepEqual(readdirSync(dir), ['is-a-dir']);
});

const ioModule = fileURLToPath(new URL('../../src/report/io.js', import.meta.url));
const fixturesModule = fileURLToPath(new URL('./fixtures.js', import.meta.url));

/** A child that writes a big report over and over until killed. */
function crashingWriter(path: string): ReturnType<typeof spawn> {
  const code = `
    const { writeReportAtomic } = await import(${JSON.stringify(ioModule)});
    const { report } = await import(${JSON.stringify(fixturesModule)});
    const r = report();
    const big = { ...r, config: { ...r.config, padding: 'x'.repeat(4_000_000) } };
    process.stdout.write('ready\\n');
    for (;;) writeReportAtomic(${JSON.stringify(path)}, big);
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test('a writer killed mid-write never leaves a partial target', async (t) => {
  for (const delayMs of [0, 7, 23, 61]) {
    const dir = tempDir(t);
    const path = join(dir, 'r.json');
    const child = crashingWriter(path);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout?.once('data', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    child.kill('SIGKILL');
    await exited;
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { config: { padding: string } };
      assert.equal(parsed.config.padding.length, 4_000_000, 'the target is whole');
    }
    // Temp files a SIGKILL leaves behind are never the target.
    for (const name of readdirSync(dir)) assert.ok(name === 'r.json' || name.startsWith('.r.json.tmp-'), name);
  }
});

test('readReport: missing file → usage error naming it', (t) => {
  const path = join(tempDir(t), 'missing.json');
  assertUsage(() => readReport(path), path, /cannot read report: no such file/);
});

test('readReport: invalid JSON → usage error naming it', (t) => {
  const path = join(tempDir(t), 'bad.json');
  writeFileSync(path, '{"schema": "imstress-report", "version": 1, ');
  assertUsage(() => readReport(path), path, /not valid JSON/);
});

test('readReport: wrong schema → usage error saying what was expected', (t) => {
  const path = join(tempDir(t), 'other.json');
  writeFileSync(path, JSON.stringify({ hello: 'world' }));
  assertUsage(() => readReport(path), path, /expected "imstress-report"/);
  writeFileSync(path, '[1, 2]');
  assertUsage(() => readReport(path), path, /got an array/);
});

test('readReport: unsupported version → usage error naming both versions, with a hint', (t) => {
  const path = join(tempDir(t), 'future.json');
  writeFileSync(path, JSON.stringify({ ...report(), version: 3 }));
  assertUsage(() => readReport(path), path, /unsupported report version 3: this imstress reads versions 1 and 2/);
  try {
    readReport(path);
  } catch (err: unknown) {
    assert.ok(err instanceof ImstressError);
    assert.match(err.hint ?? '', /newer imstress/);
  }
});

test('readReport: missing top-level fields are all listed', (t) => {
  const path = join(tempDir(t), 'partial.json');
  writeFileSync(path, JSON.stringify({ schema: 'imstress-report', version: 1, durationMs: 'long' }));
  assert.throws(
    () => readReport(path),
    (err: unknown) =>
      err instanceof ImstressError && err.exit === 'usage' && err.issues.length === 7 && err.issues.every((i) => i.where.startsWith(path)),
  );
});

test('defaultReportPath: reports/<scenario>-<YYYYMMDD-HHMMSS>.json in UTC, names sanitised', () => {
  assert.equal(defaultReportPath('churn', '2024-05-06T07:08:09.123Z'), 'reports/churn-20240506-070809.json');
  assert.equal(
    defaultReportPath('my scenario/../x', new Date(Date.UTC(2025, 11, 31, 23, 59, 58))),
    'reports/my-scenario-..-x-20251231-235958.json',
  );
  assert.equal(defaultReportPath('', '2024-01-02T03:04:05Z'), 'reports/run-20240102-030405.json');
});

test('writeReportAtomic under a file (ENOTDIR): a usage error naming the flag given, in words; the cleanup does not throw', (t) => {
  const dir = tempDir(t);
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'x');
  for (const flag of ['--report', '-o']) {
    const path = join(blocker, 'sub', 'r.json');
    assert.throws(
      () => writeReportAtomic(path, report(), flag),
      (err: unknown) => {
        assert.ok(err instanceof ImstressError, `an ImstressError, got ${String(err)}`);
        assert.equal(err.exit, 'usage');
        assert.ok(err.message.includes(path), err.message);
        assert.ok(err.message.includes(`(${flag})`), err.message);
        assert.ok(err.hint?.includes(flag), err.hint);
        assert.ok(!`${err.message} ${err.hint}`.includes(flag === '-o' ? '--report' : ' -o '), 'only the flag given');
        assert.match(err.message, /a-file is not a directory/);
        return true;
      },
    );
  }
  assert.deepEqual(readdirSync(dir), ['a-file']);
});

test('outputPathIssues: a directory, a file as a parent, a creatable path', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'f'), 'x');
  assert.deepEqual(outputPathIssues('--html', join(dir, 'new', 'deeper', 'p.html')), []);
  assert.deepEqual(outputPathIssues('--html', join(dir, 'f')), [], 'an existing file is overwritten');
  assert.match(outputPathIssues('--html', dir)[0]?.message ?? '', /is a directory/);
  assert.match(outputPathIssues('--junit', join(dir, 'f', 'x.xml'))[0]?.message ?? '', /f is not a directory/);
  assert.equal(outputPathIssues('--junit', join(dir, 'f', 'x.xml'))[0]?.where, `--junit ${join(dir, 'f', 'x.xml')}`);
});
