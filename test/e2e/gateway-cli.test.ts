/**
 * `imstress gateway` as a user runs it: the built CLI in a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewayProcess } from '../helpers/gateway-process.js';
import { apiOptions } from '../helpers/gateway.js';
import {
  OpenImSession,
  registerUsers,
  userToken,
  encodeGetMaxSeqReq,
  decodeGetMaxSeqResp,
  ReqIdentifier,
} from '../../src/protocol/openim/index.js';
import { runCli as runCliProcess, type CliRun } from '../helpers/cli.js';

const runCli = (args: readonly string[], timeoutMs = 10_000): Promise<CliRun> => runCliProcess(args, { timeoutMs });

test('bad gateway flags: exit 2, every problem named, nothing started', async () => {
  const r = await runCli(['gateway', '--mode', 'v9', '--port', 'abc', '--status-rpc', 'fast', '--policy', '7', '--api-port', '70000']);
  assert.equal(r.code, 2);
  for (const flag of ['--mode', '--port', '--status-rpc', '--policy', '--api-port'])
    assert.match(r.stderr, new RegExp(`${flag}: `), `${flag} named`);
  assert.match(r.stderr, /5 problems/);
  assert.doesNotMatch(r.stderr, /listening|ws {2}/);
});

test('an unknown flag is a usage error (exit 2)', async () => {
  const r = await runCli(['gateway', '--no-such-flag']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--no-such-flag'/);
});

test('--help lists the modes and the exit codes', async () => {
  const r = await runCli(['gateway', '--help']);
  assert.equal(r.code, 0);
  for (const m of ['v3.5.1', 'blog-fix', 'v3.8']) assert.match(r.stdout, new RegExp(m.replace('.', '\\.')));
  const top = await runCli(['--help']);
  assert.match(top.stdout, /130 {2}interrupted/);
});

test('a port already taken: exit 2 with a hint', async () => {
  const gw = await startGatewayProcess([]);
  try {
    const port = new URL(gw.ws).port;
    const r = await runCli(['gateway', '--port', port, '--api-port', '0', '--metrics-port', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port: cannot listen/);
    assert.match(r.stderr, /hint: /);
  } finally {
    await gw.stop();
  }
});

test('runs until SIGTERM; a hand-driven client fetches a token over REST, connects, sends 1001 and gets a gob reply', async () => {
  const gw = await startGatewayProcess(['--mode', 'v3.5.1']);
  try {
    const api = apiOptions(gw.api);
    await registerUsers(api, 'openIM123', ['cli-u1']);
    const token = await userToken(api, 'openIM123', 'cli-u1', 2);
    const { session, outcome } = await OpenImSession.connect({
      url: gw.ws,
      userID: 'cli-u1',
      token,
      platformID: 2,
      operationID: 'cli-op',
      compression: 'gzip',
      encoding: 'gob',
      handshakeTimeoutMs: 5000,
    });
    assert.deepEqual(outcome, { state: 'open' });
    assert.ok(session !== null);
    const resp = await session.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'cli-u1' }), 5000);
    assert.deepEqual([resp.reqIdentifier, resp.errCode, resp.operationID], [1001, 0, 'cli-op']);
    assert.deepEqual(decodeGetMaxSeqResp(resp.data).maxSeqs, {});
    assert.equal(await session.close(3000), 1000);
    const stats = await gw.stats();
    assert.equal(stats['mode'], 'v3.5.1');
  } finally {
    await gw.stop();
  }
  assert.equal(gw.child.exitCode, 0, 'a graceful stop exits 0');
});
