/**
 * Bad input that used to take minutes, block forever or reach the terminal
 * raw (issue #17 items 6 and 7), through the built CLI in a child process
 * (so a regression that blocks is killed by the timeout, not the test
 * runner): each case states its exit code, its message and a generous
 * wall-time bound.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';
import { serializeReport } from '../../src/report/io.js';
import { maxListedProblems, maxScenarioBytes } from '../../src/config/scenario.js';
import { report } from '../report/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-honest-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const fifo = (name: string): string => {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
};

/** Runs the CLI and checks exit 2 within `boundMs` (measured, generous for a loaded machine). */
async function usage(args: readonly string[], boundMs: number): Promise<CliRun> {
  const t0 = performance.now();
  const r = await runCli(args, { timeoutMs: boundMs + 30_000, cwd: dir });
  const ms = performance.now() - t0;
  assert.equal(r.code, ExitCode.usage, r.stderr.slice(0, 2000));
  assert.ok(ms <= boundMs, `took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  assert.equal(r.stdout, '');
  return r;
}

/** A YAML scenario of `n`-ish unknown keys filling about `bytes`. */
function keysFile(name: string, bytes: number): { path: string; keys: number } {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `badkey${i}: ${i}\n`;
    if (size + line.length > bytes) break;
    lines.push(line);
    size += line.length;
  }
  return { path: file(name, lines.join('')), keys: lines.length };
}

// --- #17.6 ------------------------------------------------------------------------------------

test('a scenario just under the size cap with ~50,000 unknown keys: exit 2 in seconds, 50 listed, the rest counted', async () => {
  const { path, keys } = keysFile('many-keys.yaml', maxScenarioBytes - 100);
  assert.ok(keys > 40_000, `${keys} keys generated`);
  // Was 30 s for 1 MB (quadratic duplicate-key check and line lookups); a generous bound, not a speed target.
  const r = await usage(['run', '--scenario', path], 20_000);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0] ?? '', new RegExp(`^imstress: invalid input \\(${keys.toLocaleString('en-US')} problems\\):$`));
  const listed = lines.filter((l) => l.includes('many-keys.yaml:badkey'));
  assert.equal(listed.length, maxListedProblems);
  assert.match(listed[0] ?? '', /many-keys\.yaml:badkey0: unknown key; expected one of users, .* \(line 1\)$/);
  assert.match(
    r.stderr,
    new RegExp(
      `many-keys\\.yaml: … and ${(keys - maxListedProblems).toLocaleString('en-US')} more problems \\(the first ${maxListedProblems} are listed\\)`,
    ),
  );
  assert.ok(r.stderr.length < 64 * 1024, `stderr stays small (${r.stderr.length} bytes)`);
});

test('a scenario of duplicate keys: still found in one pass, capped the same way', async () => {
  const path = file('dupes.yaml', 'users: 1\n'.repeat(30_000));
  const r = await usage(['run', '--scenario', path], 20_000);
  assert.match(r.stderr, /invalid input \(29,999 problems\)/);
  assert.match(r.stderr, /dupes\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  assert.match(r.stderr, /dupes\.yaml: … and 29,949 more problems/);
});

test('a scenario over the size cap: refused before it is parsed, naming the file and the cap', async () => {
  const path = file('huge.json', `{"users": 1, "pad": "${'x'.repeat(3 * 1024 * 1024)}"}`);
  const r = await usage(['run', '--scenario', path], 10_000);
  assert.match(r.stderr, /invalid input \(1 problem\):\n {2}.*huge\.json: the scenario file is 3\.1 MB; the limit is 1 MiB/);
});

// --- #17.7 ------------------------------------------------------------------------------------

test('a FIFO with no writer as --scenario: refused at once (not a regular file), never blocks', async () => {
  const path = fifo('pipe.yaml');
  const r = await usage(['run', '--scenario', path], 10_000);
  assert.match(r.stderr, /pipe\.yaml: the scenario file is a FIFO \(named pipe\), not a regular file; imstress reads only regular files/);
});

test('a FIFO with no writer given to compare: refused at once, never blocks', async () => {
  const ok = file('ok.json', serializeReport(report()));
  const path = fifo('pipe.json');
  const r = await usage(['compare', ok, path], 10_000);
  assert.match(r.stderr, /pipe\.json: cannot read report: the file is a FIFO \(named pipe\), not a regular file/);
});

test('a FIFO with no writer as --ca: refused at once, never blocks', async () => {
  const path = fifo('pipe.pem');
  const r = await usage(['run', '--ca', path], 10_000);
  assert.match(r.stderr, /--ca: ".*pipe\.pem" is a FIFO \(named pipe\), not a regular file; .*expected a PEM file of CA certificates/);
});

test('an empty scenario file is a usage error, not a full default run', async () => {
  for (const [name, text] of [
    ['empty.yaml', ''],
    ['comments.yml', '# nothing here\n'],
    ['empty.json', '\n'],
  ] as const) {
    const r = await usage(['run', '--scenario', file(name, text)], 10_000);
    assert.match(r.stderr, new RegExp(`${name.replace('.', '\\.')}: the scenario file is empty \\(or only comments\\)`), name);
  }
});

test('a huge --user-prefix (in a scenario file or a flag) is a usage error with a short message', async () => {
  const big = 'u'.repeat(500_000);
  const r = await usage(['run', '--scenario', file('prefix.json', JSON.stringify({ userPrefix: big }))], 10_000);
  assert.match(
    r.stderr,
    /prefix\.json:userPrefix: got "u{80}"… \(500,000 characters\); expected a user ID prefix \(non-empty, no spaces, at most 64 characters\)/,
  );
  assert.ok(r.stderr.length < 2_000, 'the value is not echoed whole');
  const flag = await usage(['run', '--user-prefix', 'p'.repeat(65)], 10_000);
  assert.match(flag.stderr, /--user-prefix: got "p{65}"; expected a user ID prefix \(non-empty, no spaces, at most 64 characters\)/);
});

test('control characters in a crafted report never reach the terminal: imstress report, compare errors', async () => {
  const evil = 'chat\u001b]0;pwned\u0007\u001b[2J\u009b31m\r\u202eevil';
  const crafted = file(
    'crafted.json',
    serializeReport(
      report(
        { errorSamples: [{ atMs: 1, kind: 'error-reply', userID: 'u\u001b[1m', message: 'errCode 1 \u001b[31mred' }] },
        { scenario: evil },
      ),
    ),
  );
  const other = file('other.json', serializeReport(report({}, { scenario: 'other' })));
  const shown = await runCli(['report', crafted], { timeoutMs: 20_000, cwd: dir });
  assert.equal(shown.code, ExitCode.ok, shown.stderr);
  for (const out of [shown.stdout, shown.stderr]) assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  assert.match(shown.stderr, /scenario chat\]0;pwned\[2J31mevil/, 'the text is kept, only the control characters go');
  const compared = await usage(['compare', other, crafted], 10_000);
  assert.match(compared.stderr, /"chat\]0;pwned\[2J31mevil" differs from "other"/);
  assert.doesNotMatch(compared.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
});
