/**
 * writeOutputs (src/cli/output-file.ts): the one writer of every command's
 * outputs. Order as listed, nothing rendered that was not asked for, files
 * atomic and announced, a best-effort file's failure a warning, any other
 * failure an error naming the flag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImstressError } from '../../src/errors.js';
import { fileOrStdout, writeOutputs, type Output } from '../../src/cli/output-file.js';

function capture(): { io: { out: (l: string) => void; err: (l: string) => void }; lines: string[] } {
  const lines: string[] = [];
  return { io: { out: (l) => void lines.push(`out ${l}`), err: (l) => void lines.push(`err ${l}`) }, lines };
}

test('outputs are written in the order listed; ones not asked for are never rendered', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-outputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rendered: string[] = [];
  const r = (name: string, text: string) => (): string => {
    rendered.push(name);
    return text;
  };
  const { io, lines } = capture();
  const file = join(dir, 'sub', 'a.md');
  writeOutputs(io, [
    { to: 'stderr', when: true, render: r('summary', 'summary') },
    fileOrStdout('--markdown', file, 'markdown', r('markdown', '# md\n')),
    { to: 'file', flag: '--junit', path: null, render: r('junit', 'never') },
    { to: 'stdout', when: false, render: r('json-off', 'never') },
    { to: 'stdout', when: true, render: r('json', '{}') },
  ]);
  assert.deepEqual(rendered, ['summary', 'markdown', 'json']);
  assert.deepEqual(lines, ['err summary', `err markdown: ${file}`, 'out {}']);
  assert.equal(readFileSync(file, 'utf8'), '# md\n');
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['a.md'], 'no temp file left');
});

test('--markdown alone goes to stdout, trimmed; absent or false is not asked for', () => {
  const { io, lines } = capture();
  const outputs: Output[] = [
    fileOrStdout('--markdown', true, 'markdown', () => '# md\n\n'),
    fileOrStdout('--markdown', undefined, 'markdown', () => 'x'),
    fileOrStdout('--markdown', false, 'markdown', () => 'y'),
  ];
  writeOutputs(io, outputs);
  assert.deepEqual(lines, ['out # md']);
});

test('a file that cannot be written: an error naming the flag, or the warning of a best-effort output and the rest still written', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-outputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const blocker = join(dir, 'blocker');
  writeFileSync(blocker, 'a file, not a directory');
  const { io, lines } = capture();
  assert.throws(
    () => writeOutputs(io, [{ to: 'file', flag: '--junit', path: join(blocker, 'j.xml'), render: () => '<x/>', label: 'junit' }]),
    (err: unknown) => err instanceof ImstressError && err.exit === 'usage' && err.message.includes('(--junit)'),
  );
  writeOutputs(io, [
    {
      to: 'file',
      flag: '--html',
      path: join(blocker, 'p.html'),
      render: () => '<!doctype html>',
      label: 'html',
      onWriteError: (e) => `warning: not written: ${e.exit}`,
    },
    { to: 'stdout', when: true, render: () => 'after' },
  ]);
  assert.deepEqual(lines, ['err warning: not written: usage', 'out after']);
});
