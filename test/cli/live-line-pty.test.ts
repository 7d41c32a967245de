/**
 * The live line in a real terminal: `imstress run` (the default embedded
 * v3.5.1 target, 100 users) under a pseudo-terminal of a fixed width, made by
 * util-linux `script` (Essential on Debian, so present wherever `.ci/run`
 * runs) with `stty cols W`. A real pty, rather than a forced TTY flag, is
 * what a person's terminal is: the CLI's own TTY and width detection, the
 * cursor control of cli-progress and the line discipline are all exercised.
 *
 * At 80 and 160 columns the capture must show a `STALLED` frame and then a
 * `HUNG` frame, every frame starting with its state and fitting the width.
 * The hang comes from the gateway model really wedging (the e2e wedge
 * arguments, as in test/browser/); the run is repeated up to five times
 * when the model happens not to wedge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../helpers/gateway-process.js';
import { fastWedgeGatewayArgs, runUntilWedged, wedgeAttempts, wedgeAttemptSeconds, wedgeDetectArgs } from '../helpers/wedge.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** One run under a pty `cols` wide; resolves with the exit code (of the CLI, `script -e`) and everything the terminal received. */
function runInPty(cols: number, report: string): Promise<{ code: number | null; screen: string }> {
  const shq = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
  const args = [
    cliPath,
    'run',
    '--users',
    '100',
    '--duration',
    `${wedgeAttemptSeconds}s`,
    '--overlap',
    ...wedgeDetectArgs,
    ...fastWedgeGatewayArgs,
    '--report',
    report,
  ];
  const cmd = `stty cols ${cols} rows 40; exec ${shq(process.execPath)} ${args.map(shq).join(' ')}`;
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env['NO_COLOR'];
    const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    child.stderr.on('data', (d: Buffer) => (screen += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (wedgeAttemptSeconds + 60) * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

/** What the terminal showed as separate frames: split where the cursor returns to column 1 (CR, newline, `CSI G`), escape sequences removed. */
function frames(screen: string): string[] {
  return screen
    .replace(/\u001b\[\d*G/g, '\n')
    .replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '')
    .split(/[\r\n]+/)
    .filter((l) => l.trim() !== '');
}

const STATE = /^(RUNNING|STALLED \d+\.\ds|HUNG \d+\.\ds)( \| |$)/;

const widths = [80, 160] as const;
type PtyRun = { code: number | null; screen: string };
const wedgedRuns = new Map<number, Promise<PtyRun>>();
/**
 * The wedged run at `cols` columns. The first test to ask starts both widths' runs: they are independent (each
 * its own pty, CLI, gateway child and report folder), so the file waits for the slower wedge, not for both one
 * after the other. Each run still retries on its own when its gateway does not wedge.
 */
function wedgedRunAt(cols: number, dir: (cols: number) => string): Promise<PtyRun> {
  if (wedgedRuns.size === 0) {
    for (const w of widths) {
      const d = dir(w);
      // a rejection is awaited by that width's test; this handler only keeps an early failure from being unhandled
      const p = runUntilWedged((no) => runInPty(w, join(d, `r${no}.json`)));
      p.catch(() => undefined);
      wedgedRuns.set(w, p);
    }
  }
  const run = wedgedRuns.get(cols);
  if (run === undefined) throw new Error(`no pty run for ${cols} columns`);
  return run;
}
const ptyDirs = new Map<number, string>();
const ptyDir = (cols: number): string => {
  const existing = ptyDirs.get(cols);
  if (existing !== undefined) return existing;
  const d = mkdtempSync(join(tmpdir(), 'imstress-pty-'));
  ptyDirs.set(cols, d);
  return d;
};

for (const cols of widths) {
  test(
    `live line in a ${cols}-column pty: state first, fitted, STALLED then HUNG`,
    {
      timeout: wedgeAttempts * (wedgeAttemptSeconds + 70) * 1000,
      skip: hasScript || process.env['CI'] === 'true' ? false : 'util-linux script is not installed',
    },
    async (t) => {
      const dir = ptyDir(cols);
      try {
        const run = await wedgedRunAt(cols, ptyDir);
        assert.equal(run.code, 5, `the run hung (exit 5):\n${run.screen.slice(-3000)}`);
        const live = frames(run.screen).filter((f) => STATE.test(f));
        assert.ok(live.length > 3, `live frames were drawn:\n${run.screen.slice(0, 3000)}`);
        for (const f of live) assert.ok([...f].length <= cols - 1, `a frame wider than ${cols - 1} columns (${[...f].length}): ${f}`);
        const stalled = live.findIndex((f) => f.startsWith('STALLED'));
        const hung = live.findIndex((f) => f.startsWith('HUNG'));
        assert.ok(stalled >= 0, 'a STALLED frame');
        assert.ok(hung > stalled, 'HUNG after STALLED');
        assert.match(live[hung] ?? '', /\| 0\.0 it\/s \|/, 'the rate over the last second reads 0 during the hang');
        assert.match(live[hung] ?? '', /waiting reply \d+/, 'who is waiting survives the fitting');
        t.diagnostic(`at ${cols} columns: ${live[stalled]}`);
        t.diagnostic(`at ${cols} columns: ${live[hung]}`);
        if (cols === 160)
          assert.ok(
            live.some((f) => [...f].length > 80),
            'the wider terminal shows more of the line',
          );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
