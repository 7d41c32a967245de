/**
 * `imstress explain <dump> [<later-dump>] [--baseline <dump>]`: the digest
 * and before/after diff of goroutine dumps a user captured from their own
 * gateway (`curl …/debug/pprof/goroutine?debug=2 > hang.txt`), or of the
 * dumps a run saved (`imstress explain report.json`). Text on stderr (human
 * output), `--json` on stdout, `--html FILE`. Dump files are streamed, so a
 * 100k-goroutine dump is never held whole. Exit 0 once explained; 2 on bad
 * input, every problem listed at once.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { ExitCode, usageError, type Issue } from '../../errors.js';
import {
  DigestBuilder,
  analyse,
  digestOf,
  hangDigestOf,
  parseDump,
  parseDumpChunks,
  type Digest,
  type HangDigest,
} from '../../explain/index.js';
import { collectReports, failWith } from '../../report/check.js';
import { renderExplainJson, renderExplainText, type ExplainSources } from '../../reporters/explain.js';
import { renderExplainHtml } from '../../reporters/html/index.js';
import { outputIssues, writeOutputs } from '../output-file.js';
import type { CliIo } from '../io.js';

interface ExplainFlags {
  readonly baseline?: string;
  readonly json?: boolean;
  readonly html?: string;
}

/** Adds `imstress explain` to the program; the action's exit code goes through `setResult`. */
export function registerExplainCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  program
    .command('explain')
    .description('digest goroutine dumps: group stacks, find the stuck goroutines and the loop that blocks itself (text, --json, --html)')
    .argument('<dump>', 'a goroutine dump (goroutine?debug=2 or debug=1; "-" for stdin), or a report.json of a hung run')
    .argument('[later-dump]', 'a second dump of the same process a few seconds later: stuck vs slow')
    .option('--baseline <dump>', 'a dump taken before the trouble (the loops serving), for the before/after diff')
    .option('--json', 'print the digest as JSON on stdout')
    .option('--html <file>', 'write the digest as a self-contained HTML page')
    .addHelpText(
      'after',
      '\nExamples:\n  curl -s http://gw:6060/debug/pprof/goroutine?debug=2 > hang.txt; sleep 2\n  curl -s http://gw:6060/debug/pprof/goroutine?debug=2 > later.txt\n  imstress explain hang.txt later.txt --baseline before.txt\n  imstress explain reports/churn-2026-01-01.json --html digest.html',
    )
    .action((dump: string, later: string | undefined, flags: ExplainFlags) => setResult(explainCommand(dump, later ?? null, flags, io)));
}

/** True when the file starts like JSON (a report), not like a dump. */
function looksLikeJson(path: string): boolean {
  if (path === '-') return false;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').trimStart().startsWith('{');
  } catch {
    return false; // reported by the dump reader, with the reason
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Streams one dump file into a digest; an issue instead when it cannot be read or holds no goroutine. */
async function digestFile(where: string, path: string): Promise<Digest | Issue> {
  try {
    if (path !== '-' && statSync(path).isDirectory()) return { where, message: `${path} is a directory; expected a goroutine dump file` };
    const builder = new DigestBuilder();
    const stream = path === '-' ? process.stdin : createReadStream(path);
    const parser = await parseDumpChunks(stream, (g) => builder.add(g));
    if (parser.emitted === 0)
      return {
        where,
        message: `${path === '-' ? 'stdin' : path}: no goroutine found; expected a Go goroutine dump (/debug/pprof/goroutine?debug=2 or debug=1, or a panic's traceback)`,
      };
    return builder.finish(parser.skipped);
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      where,
      message: `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** The digest of a saved report's dumps (recomputed from the texts, so a newer imstress explains an older report). */
function fromReport(path: string): { digest: HangDigest; sources: ExplainSources } | null {
  const found = collectReports([path]);
  const report = found.reports[0];
  if (found.issues.length > 0 || report == null) failWith(found.issues, found.hints);
  const h = report.hang;
  if (h === null) return null;
  if (h.dump === null)
    throw usageError([{ where: path, message: 'the hang has no goroutine or task dump to explain (a URL target needs --pprof-url)' }]);
  const d = (t: { text: string } | null | undefined): Digest | null => (t == null ? null : digestOf(parseDump(t.text)));
  const hang = d(h.dump) ?? digestOf([]);
  return {
    digest: hangDigestOf(analyse(hang, d(h.laterDump), d(h.baselineDump))),
    sources: {
      hang: `${path}: ${h.dump.source}`,
      later: h.laterDump == null ? null : `${path}: ${h.laterDump.source}`,
      baseline: h.baselineDump == null ? null : `${path}: ${h.baselineDump.source}`,
    },
  };
}

async function explainCommand(dump: string, later: string | null, flags: ExplainFlags, io: CliIo): Promise<number> {
  const issues: Issue[] = [...outputIssues([['--html', flags.html ?? null]])];
  const stdinUses = [dump, later, flags.baseline].filter((p) => p === '-').length;
  // Before any read: a second read of stdin would wait for an end that never comes.
  if (stdinUses > 1) throw usageError([...issues, { where: '-', message: 'stdin ("-") can be read for one dump only' }]);
  let result: { digest: HangDigest; sources: ExplainSources } | null;
  if (looksLikeJson(dump)) {
    if (later !== null || flags.baseline !== undefined)
      issues.push({
        where: later !== null ? '[later-dump]' : '--baseline',
        message: 'a report already holds its own later and baseline dumps; give the report alone',
      });
    if (issues.length > 0) throw usageError(issues);
    result = fromReport(dump);
    if (result === null) {
      io.err(`${dump}: no hang was declared in this run: nothing to explain`);
      return ExitCode.ok;
    }
  } else {
    const [h, l, b] = await Promise.all([
      digestFile('<dump>', dump),
      later === null ? null : digestFile('[later-dump]', later),
      flags.baseline === undefined ? null : digestFile('--baseline', flags.baseline),
    ]);
    for (const x of [h, l, b]) if (x !== null && 'where' in x) issues.push(x);
    if (issues.length > 0 || 'where' in h)
      throw usageError(issues, 'give goroutine dumps as captured: curl <gateway>/debug/pprof/goroutine?debug=2 > hang.txt');
    const digestOrNull = (x: Digest | Issue | null): Digest | null => (x === null || 'where' in x ? null : x);
    result = {
      digest: hangDigestOf(analyse(h, digestOrNull(l), digestOrNull(b))),
      sources: { hang: dump === '-' ? 'stdin' : dump, later, baseline: flags.baseline ?? null },
    };
  }
  const { digest, sources } = result;
  writeOutputs(io, [
    { to: 'stderr', when: true, render: () => renderExplainText(digest, sources, io.stderrColumns).trimEnd() },
    { to: 'file', flag: '--html', path: flags.html ?? null, render: () => renderExplainHtml(digest, sources), label: 'html' },
    { to: 'stdout', when: flags.json === true, render: () => renderExplainJson(digest, sources).trimEnd() },
  ]);
  return ExitCode.ok;
}
