/** `--help` with examples per command and `run`'s options grouped; `imstress version` and `-v`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMain } from './capture-io.js';
import { toolVersion } from '../../src/version.js';

test('-v, --version and `imstress version` print the version', async () => {
  for (const args of [['-v'], ['--version']]) {
    const r = await runMain(args);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, toolVersion);
  }
  const v = await runMain(['version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, new RegExp(`^imstress ${toolVersion.replaceAll('.', '\\.')}\\nnode v\\d+`));
});

test('run --help: options grouped load, target, OpenIM, hang detection, output (none left over), then examples and the environment', async () => {
  const r = await runMain(['run', '--help']);
  assert.equal(r.code, 0);
  const headings = r.stdout.split('\n').filter((l) => /^[A-Z][A-Za-z ]+:$/.test(l));
  assert.deepEqual(headings, ['Load:', 'Target:', 'OpenIM:', 'Hang detection:', 'Output:', 'Options:', 'Examples:']);
  assert.doesNotMatch(r.stdout, /Other options:/, 'every run option has a group');
  const section = (h: string): string => r.stdout.split(`\n${h}\n`)[1]?.split('\n\n')[0] ?? '';
  assert.match(section('Load:'), /--users <n>/);
  assert.match(section('Target:'), /--target <url>/);
  assert.match(section('OpenIM:'), /--api-url <url>/);
  assert.match(section('Hang detection:'), /--hang-window <duration>/);
  assert.match(section('Output:'), /--report <path>/);
  assert.match(r.stdout, /\$ imstress run --users 100 /);
  assert.match(r.stdout, /IMSTRESS_RAMP_UP/);
  assert.match(r.stdout, /Precedence: defaults < scenario file < environment < flags/);
});

test('every command has examples; the top-level help too', async () => {
  for (const cmd of ['gateway', 'compare', 'report', 'merge', 'version']) {
    const r = await runMain([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, new RegExp(`Examples:\\n  \\$ imstress ${cmd === 'version' ? '(version|-v)' : cmd}`), cmd);
  }
  const top = await runMain(['--help']);
  assert.match(top.stdout, /Examples:\n {2}\$ imstress run --users 100/);
  assert.match(top.stdout, /version +print the version/);
});

test('help piped into a reader that stops early (`| head -3`) ends quietly', async () => {
  const { spawnSync } = await import('node:child_process');
  const { cliPath } = await import('../helpers/gateway-process.js');
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" run --help | head -3 > /dev/null`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/, r.stderr);
  assert.equal(r.status, 0, r.stderr);
});
