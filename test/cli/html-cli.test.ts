/**
 * `--html` on `imstress report` and `imstress compare` through `main()` in
 * process: the page is written atomically where asked, the exit code is the
 * command's own, and an unwritable path is a usage error naming the flag.
 * (`run --html` is exercised by test/browser/, on a real run.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { serializeReport } from '../../src/report/io.js';
import { verdictBanner } from '../../src/reporters/console.js';
import { escapeHtml } from '../../src/reporters/html/index.js';
import { hangEvidence, report } from '../report/fixtures.js';
import { runMain } from './capture-io.js';
import { writeRunHtml } from '../../src/cli/commands/run.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-html-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hungReport = report({ end: 'hang-abort', hang: hangEvidence() });
const hung = join(dir, 'hang.json');
const ok = join(dir, 'ok.json');
writeFileSync(hung, serializeReport(hungReport));
writeFileSync(ok, serializeReport(report()));

const noTempFiles = (where: string): void =>
  assert.deepEqual(
    readdirSync(where).filter((f) => f.includes('.tmp-')),
    [],
    'no temp file left',
  );

test('report --html FILE writes the page (directory created), exit 0', async () => {
  const out = join(dir, 'pages', 'hang.html');
  const r = await runMain(['report', hung, '--html', out]);
  assert.equal(r.code, ExitCode.ok, r.stderr);
  assert.match(r.stderr, new RegExp(`html: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(escapeHtml(verdictBanner(hungReport))), 'the verdict banner is on the page');
  noTempFiles(join(dir, 'pages'));
});

test('compare --html FILE writes the page even when a rule fails (exit 6)', async () => {
  const out = join(dir, 'compare.html');
  const r = await runMain(['compare', ok, hung, '--max-regression', 'verdict.severity=+0', '--html', out]);
  assert.equal(r.code, ExitCode.regression, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /id="verdict-change" data-trend="worse"/);
  assert.match(html, /REGRESSION: 1 of 1 rule failed \(exit 6\)/);
  assert.match(html, /id="is-it-fixed" data-conclusion="one-run"/);
  noTempFiles(dir);
});

test('--html to a path that cannot be written: exit 2 naming --html and the file', async () => {
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'not a directory');
  const out = join(blocker, 'page.html');
  const r = await runMain(['report', hung, '--html', out]);
  assert.equal(r.code, ExitCode.usage);
  assert.match(r.stderr, /--html/);
  assert.ok(r.stderr.includes(out), r.stderr);
});

test('every output path is checked before any work: all problems listed, nothing printed or written', async () => {
  const blocker = join(dir, 'blocker-file');
  writeFileSync(blocker, 'not a directory');
  const under = (name: string): string => join(blocker, name);
  const rep = await runMain(['report', hung, '--markdown', under('r.md'), '--junit', under('r.xml'), '--html', dir]);
  assert.equal(rep.code, ExitCode.usage, rep.stderr);
  for (const flag of ['--markdown', '--junit'])
    assert.ok(rep.stderr.includes(`${flag} ${under(flag === '--junit' ? 'r.xml' : 'r.md')}: ${blocker} is not a directory`), rep.stderr);
  assert.ok(rep.stderr.includes(`--html ${dir}: is a directory`), rep.stderr);
  assert.doesNotMatch(rep.stderr, /HANG at/, 'no summary printed before failing');
  const cmp = await runMain(['compare', ok, hung, '--markdown', under('c.md'), '--html', under('c.html')]);
  assert.equal(cmp.code, ExitCode.usage, cmp.stderr);
  assert.match(cmp.stderr, /--markdown .*c\.md: .* is not a directory/);
  assert.match(cmp.stderr, /--html .*c\.html: .* is not a directory/);
  assert.doesNotMatch(cmp.stderr, /^verdict:/m, 'no table printed before failing');
  const m = await runMain(['merge', ok, hung, '-o', under('m.json')]);
  assert.equal(m.code, ExitCode.usage, m.stderr);
  assert.match(m.stderr, /-o .*m\.json: .* is not a directory/);
  // run: the page's path is checked before the target starts (a hung run must end 5, not 2).
  const run = await runMain(['run', '--users', '1', '--duration', '1s', '--progress', 'off', '--html', under('run.html')]);
  assert.equal(run.code, ExitCode.usage, run.stderr);
  assert.match(run.stderr, /--html .*run\.html: .* is not a directory/);
  assert.doesNotMatch(run.stderr, /EMBEDDED/, 'nothing was started');
});

test('run: an HTML page that fails at the end is a warning; the verdict stands', () => {
  const lines: string[] = [];
  const blocker = join(dir, 'late-blocker');
  writeFileSync(blocker, 'x');
  assert.doesNotThrow(() =>
    writeRunHtml({ err: (l) => void lines.push(l) }, join(blocker, 'p.html'), 'reports/r.json', () => '<!doctype html>'),
  );
  assert.equal(lines.length, 1);
  assert.match(
    lines[0] ?? '',
    /^warning: the HTML page was not written: .*late-blocker is not a directory.*imstress report reports\/r\.json --html FILE/,
  );
  const good = join(dir, 'late', 'p.html');
  writeRunHtml({ err: (l) => void lines.push(l) }, good, 'reports/r.json', () => '<!doctype html>');
  assert.equal(readFileSync(good, 'utf8'), '<!doctype html>');
  assert.equal(lines[1], `html: ${good}`);
});
