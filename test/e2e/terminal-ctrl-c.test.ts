/**
 * Ctrl-C typed in a real terminal: the CLI runs under a pseudo-terminal
 * (util-linux `script`), and a `^C` byte written to the terminal makes its
 * line discipline send SIGINT to the whole foreground process group, as a
 * person's keyboard does. The embedded gateway child runs in its own process
 * group, so it survives that Ctrl-C, imstress still reads its online count
 * for the drain check, the report reads "interrupted" (not "online count
 * unavailable"), and imstress then stops the gateway itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../helpers/gateway-process.js';
import { alive, until } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The process group of a pid, from /proc. */
function pgid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

test(
  'Ctrl-C in a terminal: the embedded gateway survives it, the drain check reads its count, verdict interrupted, then the gateway is stopped',
  { timeout: 120_000, skip: hasScript || process.env['CI'] === 'true' ? false : 'util-linux script is not installed' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-ctrlc-'));
    const report = join(dir, 'r.json');
    const shq = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
    const args = [
      cliPath,
      'run',
      '--gateway-mode',
      'v3.8',
      '--users',
      '20',
      '--duration',
      '60s',
      '--drain-timeout',
      '5s',
      '--report',
      report,
    ];
    const cmd = `stty cols 120 rows 40; exec ${shq(process.execPath)} ${args.map(shq).join(' ')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', NO_COLOR: '1' };
    const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    child.stderr.on('data', (d: Buffer) => (screen += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    try {
      await until(
        'the gateway line and a live RUNNING line',
        () => /child process \d+/.test(screen) && /RUNNING \| 00:0[2-9]/.test(screen),
        60_000,
      );
      const gateway = Number(/child process (\d+)/.exec(screen)?.[1]);
      const cliPid = Number(
        spawnSync('pgrep', ['-P', String(child.pid), '-f', 'imstress.js run'], { encoding: 'utf8' })
          .stdout.trim()
          .split('\n')[0],
      );
      assert.ok(cliPid > 0, 'the CLI runs under script');
      assert.notEqual(pgid(gateway), pgid(cliPid), "the gateway is not in the terminal's foreground group");
      child.stdin.write('\u0003'); // the terminal's Ctrl-C
      const code = await exited;
      assert.equal(code, 130, screen.slice(-3000));
      assert.match(screen, /interrupted: stopping gracefully/);
      const rep = JSON.parse(readFileSync(report, 'utf8')) as {
        verdict: { status: string };
        drain: { checked: boolean; notCheckedBecause?: string; baseline: number | null; final: number | null };
      };
      assert.equal(rep.verdict.status, 'interrupted');
      assert.notEqual(rep.drain.notCheckedBecause, 'no-online-count', 'the gateway was still there to read');
      assert.notEqual(rep.drain.final, null, 'the online count after the load was read from the gateway');
      await until(`gateway ${gateway} stopped by imstress`, () => !alive(gateway), 15_000);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
