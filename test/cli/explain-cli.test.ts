/**
 * `imstress explain` through `main()` in process, on the dumps real Go
 * programs wrote when wedged in known ways (test/fixtures/goroutine-dumps/)
 * and on a saved report: text, --json, --html, and bad input listed at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from './capture-io.js';
import { dumpsDir, dumpText } from '../explain/fixtures.js';
import { hangEvidence, report } from '../report/fixtures.js';

const triple = (name: string): string[] => [
  join(dumpsDir, name, 'hang.txt'),
  join(dumpsDir, name, 'later.txt'),
  '--baseline',
  join(dumpsDir, name, 'baseline.txt'),
];

describe('imstress explain on the Go fixtures', () => {
  it('self-send: names the loop blocked inside its own iteration and the cycle', async () => {
    const r = await runMain(['explain', ...triple('self-send')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /verdict: stuck/);
    assert.match(
      r.stderr,
      /the loop in main\.\(\*server\)\.run \(main\.go:\d+\) is blocked sending from inside its own iteration\s+\(server\.run → server\.handle → server\.retry\).*\s+.*self-send cycle/,
    );
    assert.equal(r.stdout, '', 'text is human output: stderr');
  });

  it('mutex inversion: both goroutines and both locks’ call sites', async () => {
    const r = await runMain(['explain', ...triple('mutex-inversion')]);
    assert.equal(r.code, 0, r.stderr);
    const text = r.stderr.replace(/\s+/g, ' ');
    assert.match(
      text,
      /goroutine \d+ in main\.transfer \(main\.go:25\) waits for lock 0x[0-9a-f]+; goroutine \d+ in main\.refund \(main\.go:34\) waits for lock 0x[0-9a-f]+/,
    );
    assert.match(text, /lock-order inversion/);
  });

  it('healthy busy server: no stuck goroutines found', async () => {
    for (const args of [triple('healthy'), [join(dumpsDir, 'healthy', 'hang.txt')]]) {
      const r = await runMain(['explain', ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /verdict: none-stuck/);
      assert.match(r.stderr, /no stuck goroutines found/);
    }
  });

  it('--json on stdout and --html to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-explain-'));
    const html = join(dir, 'digest.html');
    const r = await runMain(['explain', ...triple('leak'), '--json', '--html', html]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { verdict: string; groups: { count: number; stuck: number }[]; sources: { later: string } };
    assert.equal(j.verdict, 'stuck');
    assert.deepEqual([j.groups[0]?.count, j.groups[0]?.stuck], [40, 40]);
    assert.match(j.sources.later, /leak\/later\.txt$/);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<div id="digest">/);
    assert.match(page, /40 goroutines started by main\.lookupWithTimeout/);
  });

  it('a debug=1 dump is digested; compared with a debug=2 one, the diff says it cannot tell', async () => {
    const r = await runMain(['explain', join(dumpsDir, 'self-send', 'hang-debug1.txt'), join(dumpsDir, 'self-send', 'later.txt')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /12× \[unknown\]: producer/);
    assert.match(r.stderr, /the later dump cannot be compared: the hang dump has no goroutine ids/);
  });
});

describe('imstress explain report.json', () => {
  it('explains the dumps a hung run saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-explain-'));
    const file = join(dir, 'r.json');
    const dump = (f: string) => ({ source: `pprof ${f}`, text: dumpText('mutex-inversion', f), truncated: false });
    const rep = report({
      end: 'hang-abort',
      hang: hangEvidence({ dump: dump('hang.txt'), laterDump: dump('later.txt'), baselineDump: dump('baseline.txt'), digest: null }),
    });
    writeFileSync(file, JSON.stringify(rep));
    const r = await runMain(['explain', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /later dump: .*pprof later\.txt/);
    assert.match(r.stderr.replace(/\s+/g, ' '), /2 lone goroutines each wait for a different lock/);
  });

  it('a run without a hang: nothing to explain, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-explain-'));
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(report()));
    const r = await runMain(['explain', file]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no hang was declared in this run: nothing to explain/);
  });
});

describe('bad input', () => {
  it('every problem at once: missing files, a directory, a file with no goroutine, two stdins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-explain-'));
    const notDump = join(dir, 'notes.txt');
    writeFileSync(notDump, 'hello\nthis is not a dump\n');
    const r = await runMain(['explain', join(dir, 'missing.txt'), notDump, '--baseline', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /<dump>: .*missing\.txt: no such file/);
    assert.match(r.stderr, /\[later-dump\]: .*notes\.txt: no goroutine found; expected a Go goroutine dump/);
    assert.match(r.stderr, /--baseline: .* is a directory/);
    const twice = await runMain(['explain', '-', '-']);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /stdin \("-"\) can be read for one dump only/);
  });
});
