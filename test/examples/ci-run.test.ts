/**
 * examples/ci/imstress-smoke.yml, run for real: its shell steps are executed
 * with bash in a workspace laid out as on the runner (the project checked out
 * as `imstress/`), in the workflow's order for a pull request, against the
 * gateway its own "Start the gateway" step starts. Only what GitHub provides
 * is supplied by the test: `${{ … }}` expressions, `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY`, and the `uses:` steps (the baseline artifact is a
 * first run of the same step, as a push to main would have kept). The fixed
 * ports 10001/10002/20140 are swapped for free ones so that the test never
 * collides with another process on this machine; `gh pr comment` is not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workflow = join(root, 'examples/ci/imstress-smoke.yml');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly env: Record<string, string>;
  readonly jobs: Record<string, { steps: Step[] }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface StepRun {
  readonly code: number | null;
  readonly out: string;
  readonly pid: number;
}

/** Runs one step's shell in its own process group (so that what it leaves in the background can be stopped). */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<StepRun> {
  return new Promise((resolve) => {
    // GitHub runs `run:` with `bash -e {0}`.
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      out += `\n[test] step timed out after ${timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, pid: child.pid ?? 0 });
    });
  });
}

function outputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

test(
  'the CI example workflow runs: gateway, smoke run, JUnit + HTML + markdown, compare against a baseline, verdict',
  { timeout: 240_000 },
  async (t) => {
    const doc = parse(readFileSync(workflow, 'utf8')) as Workflow;
    const steps = Object.values(doc.jobs).flatMap((j) => j.steps);
    const step = (name: string): Step => {
      const s = steps.find((x) => x.name === name);
      assert.ok(s?.run !== undefined, `the workflow has a shell step "${name}"`);
      return s;
    };
    const [ws, api, metrics] = [await freePort(), await freePort(), await freePort()];
    const ports = (script: string): string =>
      script.replaceAll('10001', String(ws)).replaceAll('10002', String(api)).replaceAll('20140', String(metrics));

    const workspace = mkdtempSync(join(tmpdir(), 'imstress-ci-example-'));
    t.diagnostic(`workspace: ${workspace}`);
    // actions/checkout of the imstress repository into `imstress/` (already built: bin/, dist/, scenarios/).
    symlinkSync(root, join(workspace, 'imstress'));
    const ghOutput = join(workspace, '.github-output');
    const ghSummary = join(workspace, '.github-step-summary');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...doc.env,
      GITHUB_OUTPUT: ghOutput,
      GITHUB_STEP_SUMMARY: ghSummary,
      GITHUB_EVENT_NAME: 'pull_request',
    };
    delete env['NODE_TEST_CONTEXT'];
    delete env['IMSTRESS_SECRET'];
    const expr = (script: string, out: Record<string, string>): string =>
      ports(script)
        .replace('${{ steps.run.outputs.exit }}', out['exit'] ?? '')
        .replace('${{ steps.compare.outputs.exit }}', outputs(join(workspace, '.compare-output'))['exit'] ?? '');
    // The scenario's 15 s, shortened through the environment (IMSTRESS_DURATION, docs/environment.md): same commands.
    const runEnv = (s: Step): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...env, IMSTRESS_DURATION: '5s' };
      for (const [k, v] of Object.entries(s.env ?? {})) e[k] = v.replace("${{ secrets.OPENIM_SECRET || 'openIM123' }}", 'openIM123');
      return e;
    };

    let gatewayGroup = 0;
    try {
      const start = await bash(ports(step('Start the gateway').run ?? ''), workspace, env, 90_000);
      gatewayGroup = start.pid;
      assert.equal(start.code, 0, `Start the gateway:\n${start.out}`);

      const smoke = step('Smoke run (imstress/scenarios/ci-smoke.yaml)');
      // The baseline: the same step, run first (on main it would be kept by "Keep the report as the baseline").
      const first = await bash(ports(smoke.run ?? ''), workspace, runEnv(smoke), 90_000);
      const firstExit = outputs(ghOutput)['exit'];
      assert.equal(firstExit, '0', `baseline smoke run:\n${first.out}`);
      mkdirSync(join(workspace, 'baseline'));
      cpSync(join(workspace, 'reports/head.json'), join(workspace, 'baseline/head.json'));
      rmSync(join(workspace, 'reports'), { recursive: true });
      rmSync(ghOutput);

      // The pull request's run starts from a workspace without reports/ (the bug this test guards against).
      const head = await bash(ports(smoke.run ?? ''), workspace, runEnv(smoke), 90_000);
      const runOut = outputs(ghOutput);
      assert.equal(runOut['exit'], '0', `smoke run:\n${head.out}`);
      assert.ok(existsSync(join(workspace, 'reports/head.json')), 'the run wrote reports/head.json');

      const render = await bash(expr(step('Render the reports (JUnit, HTML, markdown)').run ?? '', runOut), workspace, env, 60_000);
      assert.equal(render.code, 0, `render:\n${render.out}`);
      const junit = readFileSync(join(workspace, 'reports/junit.xml'), 'utf8');
      assert.match(junit, /<testsuites[^>]*>/);
      assert.match(junit, /<testcase [^>]*name="[^"]*hang/i, 'a JUnit test case for the hang check');
      assert.doesNotMatch(junit, /<failure/, 'a healthy v3.8 run fails no check');
      const html = readFileSync(join(workspace, 'reports/report.html'), 'utf8');
      assert.match(html, /^<!doctype html>/i);
      assert.ok(readFileSync(ghSummary, 'utf8').length > 0, 'the markdown summary was appended to the step summary');
      assert.equal(readFileSync(ghSummary, 'utf8'), readFileSync(join(workspace, 'reports/summary.md'), 'utf8'));

      writeFileSync(join(workspace, '.compare-output'), '');
      const compare = await bash(
        expr(step('Compare with the baseline').run ?? '', runOut),
        workspace,
        { ...env, GITHUB_OUTPUT: join(workspace, '.compare-output') },
        60_000,
      );
      assert.equal(compare.code, 0, `compare:\n${compare.out}`);
      const compareExit = outputs(join(workspace, '.compare-output'))['exit'];
      assert.ok(
        compareExit === '0' || compareExit === '6',
        `compare exits 0 or 6 (a regression past the rules), not ${compareExit}:\n${compare.out}`,
      );
      const md = readFileSync(join(workspace, 'reports/compare.md'), 'utf8');
      assert.match(md, /reply\.p99/, 'the markdown comparison has the rule rows');

      const verdict = await bash(expr(step('Verdict').run ?? '', runOut), workspace, env, 10_000);
      assert.equal(verdict.code, compareExit === '6' ? 6 : 0, verdict.out);
    } finally {
      // The gateway was left running in the background by its step, in that step's process group.
      if (gatewayGroup > 0) {
        try {
          process.kill(-gatewayGroup, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(workspace, { recursive: true, force: true });
    }
  },
);
