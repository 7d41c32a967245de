/**
 * Secrets and TLS, through the built CLI against loopback servers:
 * - tokens, the API secret and URL credentials never appear in the report,
 *   stdout (`--json`) or stderr;
 * - wss:// verifies certificates against Node's CAs by default (a
 *   self-signed gateway is refused, with a hint), trusts `--ca <file>`, and
 *   skips verification only with an explicit `--insecure`;
 * - the embedded gateway binds to loopback unless told otherwise.
 * The certificate is generated per run with the openssl CLI.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, until } from '../helpers/cli.js';
import { startWs, defaultControl, Op, type HostileServer, type WsPeer, type ClientFrame } from '../helpers/hostile.js';
import { ExitCode } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-tls-'));
const keyPath = join(dir, 'key.pem');
const certPath = join(dir, 'cert.pem');
let key: Buffer;
let cert: Buffer;

const SECRETS = {
  token: 'tok-SECRET-7f3a91',
  apiSecret: 'api-SECRET-c4e2b0',
  apiToken: 'jwt-SECRET-99d1e5',
  password: 'pw-SECRET-5b8e77',
  queryToken: 'qs-SECRET-a1b2c3',
} as const;

before(() => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(keyPath);
  cert = readFileSync(certPath);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Answers every request; remembers the handshake's token and Authorization header. */
function echoServer(seen: { tokens: Set<string>; auth: Set<string> }, tls: boolean): Promise<HostileServer> {
  return startWs(
    {
      onOpen: (p: WsPeer) => {
        seen.tokens.add(p.req.query.get('token') ?? '');
        seen.auth.add(p.req.headers['authorization'] ?? '');
      },
      onFrame: (p: WsPeer, f: ClientFrame) => void (defaultControl(p, f) || p.send(Op.binary, p.replyTo(p.decode(f.payload)))),
    },
    tls ? { key, cert } : undefined,
  );
}

function assertNoSecret(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!text.includes(secret), `the ${name} appears in ${where}`);
}

const baseArgs = ['--users', '2', '--duration', '1s', '--progress', 'plain', '--reply-timeout', '2s', '--handshake-timeout', '2s'];

test('wss:// with a self-signed certificate and no flag: refused with a TLS hint, target unavailable (exit 3)', async () => {
  const seen = { tokens: new Set<string>(), auth: new Set<string>() };
  const server = await echoServer(seen, true);
  try {
    const report = join(dir, 'refused.json');
    const r = await runCli(['run', '--target', server.url, '--token', SECRETS.token, '--report', report, ...baseArgs], {
      timeoutMs: 30_000,
    });
    assert.equal(r.code, ExitCode.targetUnavailable, r.stderr);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { errors: { byKind: Record<string, number>; samples: { message: string }[] } };
    assert.ok(rep.errors.byKind['network-error']! > 0);
    assert.match(
      rep.errors.samples[0]?.message ?? '',
      /^TLS: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\); pass --ca <file> with the CA that signed it, or --insecure/,
    );
    assert.equal(seen.tokens.size, 0, 'no WebSocket handshake reached the server');
  } finally {
    await server.close();
  }
});

test('wss:// with --ca <the certificate>: verified and clean (exit 0); with --insecure: clean and said so', async () => {
  const seen = { tokens: new Set<string>(), auth: new Set<string>() };
  const server = await echoServer(seen, true);
  try {
    const withCa = await runCli(
      ['run', '--target', server.url, '--token', SECRETS.token, '--ca', certPath, '--report', join(dir, 'ca.json'), ...baseArgs],
      { timeoutMs: 30_000 },
    );
    assert.equal(withCa.code, ExitCode.ok, withCa.stderr);
    assert.doesNotMatch(withCa.stderr, /NOT verified/);
    const insecure = await runCli(
      ['run', '--target', server.url, '--token', SECRETS.token, '--insecure', '--report', join(dir, 'insecure.json'), ...baseArgs],
      { timeoutMs: 30_000 },
    );
    assert.equal(insecure.code, ExitCode.ok, insecure.stderr);
    assert.match(insecure.stderr, /--insecure: the target's TLS certificate is NOT verified/);
    assert.deepEqual([...seen.tokens], [SECRETS.token], 'the token did reach the server');
  } finally {
    await server.close();
  }
});

test('--ca problems are usage errors before the run: a missing file, a file with no certificate, --ca with --insecure', async () => {
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'hello');
  const cases: [string[], RegExp][] = [
    [['--ca', join(dir, 'missing.pem')], /--ca: cannot read ".*missing\.pem" \(ENOENT\); expected a PEM file of CA certificates/],
    [['--ca', notPem], /--ca: ".*not\.pem" holds no PEM certificate/],
    [['--ca', certPath, '--insecure'], /--ca and --insecure: both given; expected one/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(['run', '--target', 'wss://127.0.0.1:1/', '--token', 't', ...args], { timeoutMs: 20_000 });
    assert.equal(r.code, ExitCode.usage, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('secrets stay out of the report, stdout and stderr: static token, API secret and token, URL password and query token', async () => {
  const seen = { tokens: new Set<string>(), auth: new Set<string>() };
  const server = await echoServer(seen, false);
  let apiBodies = '';
  const api: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      apiBodies += body;
      // Like a real ≤ v3.8.1 API (gin): routes it does not have, such as §14.1's get_admin_token that auto probes, are 404.
      if (req.url !== '/auth/user_token' && req.url !== '/user/user_register') return void res.writeHead(404).end('404 page not found');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url === '/auth/user_token'
            ? { errCode: 0, errMsg: '', data: { token: SECRETS.apiToken, expireTimeSeconds: 3600 } }
            : { errCode: 0, errMsg: '' },
        ),
      );
    });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const a = api.address();
  const apiPort = typeof a === 'object' && a !== null ? a.port : 0;
  try {
    const target = server.url.replace('ws://', `ws://user:${SECRETS.password}@`) + `?token=${SECRETS.queryToken}`;
    // The API token source, with the secret from the environment and the URL carrying credentials.
    const report = join(dir, 'secrets-api.json');
    const r1 = await runCli(
      ['run', '--target', target, '--api-url', `http://127.0.0.1:${apiPort}/`, '--report', report, '--json', '--verbose', ...baseArgs],
      {
        timeoutMs: 30_000,
        env: { IMSTRESS_SECRET: SECRETS.apiSecret },
      },
    );
    assert.equal(r1.code, ExitCode.ok, r1.stderr);
    assert.ok(apiBodies.includes(SECRETS.apiSecret), 'the secret did reach the API');
    assert.ok(seen.tokens.has(SECRETS.apiToken), 'the API token did reach the gateway');
    assert.ok(
      [...seen.auth].some((h) =>
        Buffer.from(h.replace(/^Basic /, ''), 'base64')
          .toString()
          .includes(SECRETS.password),
      ),
      'the URL credentials were used',
    );
    const text1 = readFileSync(report, 'utf8');
    assertNoSecret('the report', text1);
    assertNoSecret('stdout', r1.stdout);
    assertNoSecret('stderr', r1.stderr);
    assert.match(text1, /"url": "ws:\/\/<redacted>@127\.0\.0\.1:\d+\/\?token=<redacted>"/);
    // The static token, and the secret as a flag.
    const report2 = join(dir, 'secrets-static.json');
    const r2 = await runCli(['run', '--target', target, '--token', SECRETS.token, '--report', report2, '--json', ...baseArgs], {
      timeoutMs: 30_000,
    });
    assert.equal(r2.code, ExitCode.ok, r2.stderr);
    assertNoSecret('the report', readFileSync(report2, 'utf8'));
    assertNoSecret('stdout', r2.stdout);
    assertNoSecret('stderr', r2.stderr);
    // A URL that is rejected is echoed without its credentials.
    const r3 = await runCli(['run', '--target', `http://user:${SECRETS.password}@127.0.0.1:1/?token=${SECRETS.queryToken}`], {
      timeoutMs: 20_000,
    });
    assert.equal(r3.code, ExitCode.usage);
    assert.match(r3.stderr, /--target: got "http:\/\/<redacted>@127\.0\.0\.1:1\/\?token=<redacted>"/);
    assertNoSecret('a usage error', r3.stderr);
  } finally {
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
    await server.close();
  }
});

test('the embedded gateway binds to loopback by default (imstress gateway, and the one run starts)', async () => {
  const cli = startCli(['gateway', '--port', '0', '--api-port', '0', '--metrics-port', '0', '--json'], { timeoutMs: 30_000 });
  let stdout = '';
  cli.child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  try {
    await until('the gateway address line', () => stdout.includes('\n'), 20_000);
    const urls = JSON.parse(stdout.split('\n')[0] ?? '{}') as Record<string, string>;
    for (const k of ['ws', 'api', 'metrics']) assert.match(urls[k] ?? '', /^(ws|http):\/\/127\.0\.0\.1:\d+/, k);
    // And the kernel agrees: every listening socket of the process is on 127.0.0.1 (0100007F in /proc/net/tcp).
    const ports = ['ws', 'api', 'metrics'].map((k) =>
      Number(new URL(urls[k] ?? '').port)
        .toString(16)
        .toUpperCase()
        .padStart(4, '0'),
    );
    const listening = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .filter((l) => / 0A /.test(l));
    for (const p of ports) {
      const rows = listening.filter((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${p}`));
      assert.ok(rows.length > 0, `port ${p} listens`);
      for (const row of rows) assert.ok(row.trim().split(/\s+/)[1]?.startsWith('0100007F:'), `port ${p} is bound to 127.0.0.1: ${row}`);
    }
  } finally {
    cli.child.kill('SIGTERM');
    await cli.result;
  }
});
