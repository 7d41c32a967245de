/**
 * examples/kubernetes stays consistent: an Indexed Job whose N pods pass
 * `--shard $(JOB_COMPLETION_INDEX)/N` with N equal to its completions, one
 * report per index on the shared volume, a merge step over all of them, and
 * a scenario that imstress accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseScenario } from '../../src/config/scenario.js';
import { repoRoot } from '../config/helpers.js';

const dir = join(repoRoot, 'examples', 'kubernetes');
const load = (name: string): Record<string, any> => parse(readFileSync(join(dir, name), 'utf8')) as Record<string, any>;

test('the shards Job is Indexed and its --shard N matches its completions', () => {
  const job = load('shards-job.yaml');
  assert.equal(job['kind'], 'Job');
  const spec = job['spec'];
  assert.equal(spec.completionMode, 'Indexed');
  assert.equal(spec.parallelism, spec.completions);
  const args: string[] = spec.template.spec.containers[0].args;
  assert.ok(args.includes(`--shard=$(JOB_COMPLETION_INDEX)/${spec.completions}`), args.join(' '));
  assert.ok(args.some((a) => /^--report=\/reports\/shard-\$\(JOB_COMPLETION_INDEX\)\.json$/.test(a)));
  const mounts: { name: string; mountPath: string }[] = spec.template.spec.containers[0].volumeMounts;
  assert.ok(mounts.some((m) => m.mountPath === '/reports'));
  assert.equal(spec.template.spec.restartPolicy, 'Never');
});

test('the merge Job merges every shard report from the same volume', () => {
  const job = load('merge-job.yaml');
  const c = job['spec'].template.spec.containers[0];
  assert.match(c.args.join(' '), /imstress merge \/reports\/shard-\*\.json -o \/reports\/merged\.json/);
  const shards = load('shards-job.yaml');
  assert.equal(
    job['spec'].template.spec.volumes[0].persistentVolumeClaim.claimName,
    shards['spec'].template.spec.volumes.find((v: any) => v.name === 'reports').persistentVolumeClaim.claimName,
  );
});

test('the ConfigMap scenario is a valid imstress scenario', () => {
  const cm = load('scenario-configmap.yaml');
  const r = parseScenario(cm['data']['churn.yaml'], 'churn.yaml', 'yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
  assert.ok((r.scenario.users ?? 0) >= 4, 'enough users for every shard');
});
