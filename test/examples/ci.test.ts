/**
 * examples/ci/imstress-smoke.yml: the Verdict step's shell tells a
 * regression (compare exit 6) from bad input (exit 2). The step is run
 * with bash, the workflow expressions replaced by the values under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const workflow = fileURLToPath(new URL('../../../examples/ci/imstress-smoke.yml', import.meta.url));

interface Step {
  readonly name?: string;
  readonly run?: string;
}

function verdictScript(): string {
  const doc = parse(readFileSync(workflow, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const step = Object.values(doc.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.name === 'Verdict');
  assert.ok(step?.run !== undefined, 'the workflow has a Verdict step');
  return step.run;
}

function verdict(run: string, compare: string): { code: number | null; out: string } {
  const script = verdictScript().replace('${{ steps.run.outputs.exit }}', run).replace('${{ steps.compare.outputs.exit }}', compare);
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, out: r.stdout };
}

test('CI Verdict step: compare exit 6 is a regression, exit 2 is not', () => {
  const six = verdict('0', '6');
  assert.equal(six.code, 6);
  assert.match(six.out, /regression against main/);
  const two = verdict('0', '2');
  assert.equal(two.code, 2);
  assert.doesNotMatch(two.out, /regression against main/);
  assert.match(two.out, /unreadable or the two are not comparable/);
  assert.equal(verdict('0', '0').code, 0);
  assert.equal(verdict('0', '').code, 0, 'no comparison (not a pull request)');
  assert.equal(verdict('5', '').code, 5, "the run's own exit code first");
});
