/**
 * Token providers (§9, §6.3): the api source registers, then mints one token
 * per (user, platform) and never again; refusals and unreachable APIs give an
 * ImstressError with the route, the code and a hint; token files are parsed
 * with line-accurate errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayFixture, type Fixture } from '../../helpers/gateway.js';
import { createTokenProvider, parseTokenFile, type TokenApiClient } from '../../../src/protocol/openim/tokens.js';
import { adminToken, registerUsers, userToken, type ApiCredential } from '../../../src/protocol/openim/rest.js';
import { ImstressError } from '../../../src/errors.js';
import { closedPort } from './events.js';

let f: Fixture;
let apiUrl: string;
let dir: string;
before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1', seed: 1 });
  assert.ok(f.gw.apiUrl !== null);
  apiUrl = f.gw.apiUrl;
  dir = await mkdtemp(join(tmpdir(), 'imstress-tokens-'));
});
after(async () => {
  await f.close();
  await rm(dir, { recursive: true, force: true });
});

const signal = (): AbortSignal => new AbortController().signal;

function countingClient(): TokenApiClient & { registers: string[][]; tokens: string[] } {
  const c = {
    registers: [] as string[][],
    tokens: [] as string[],
    register: async (o: Parameters<TokenApiClient['register']>[0], auth: ApiCredential, ids: readonly string[]) => {
      c.registers.push([...ids]);
      await registerUsers(o, auth, ids);
    },
    token: async (o: Parameters<TokenApiClient['token']>[0], auth: ApiCredential, userID: string, platformID: number) => {
      c.tokens.push(`${userID}/${platformID}`);
      return userToken(o, auth, userID, platformID);
    },
    admin: adminToken,
  };
  return c;
}

test('api: registers in batches, mints once per (user, platform), reuses on a second prepare', async () => {
  const client = countingClient();
  const p = createTokenProvider(
    { kind: 'api', apiUrl, secret: 'openIM123', concurrency: 2, register: true },
    { client, registerBatchSize: 2 },
  );
  const users = [
    { userID: 'tk1', platformID: 1 },
    { userID: 'tk2', platformID: 1 },
    { userID: 'tk3', platformID: 1 },
    { userID: 'tk1', platformID: 5 },
    { userID: 'tk1', platformID: 1 },
  ];
  await p.prepare(users, signal());
  assert.deepEqual(client.registers.flat().sort(), ['tk1', 'tk2', 'tk3']);
  assert.equal(client.registers.length, 2, 'batches of 2');
  assert.deepEqual([...client.tokens].sort(), ['tk1/1', 'tk1/5', 'tk2/1', 'tk3/1']);
  const t11 = p.tokenFor('tk1', 1);
  assert.notEqual(t11, p.tokenFor('tk1', 5));
  // a reconnect (or a second prepare) reuses the cache: no new HTTP call (§6.3)
  await p.prepare(users, signal());
  assert.equal(client.tokens.length, 4);
  assert.equal(client.registers.length, 2);
  assert.equal(p.tokenFor('tk1', 1), t11);
  assert.throws(() => p.tokenFor('nobody', 1), ImstressError);
});

test('api: registering users that exist already (1102) is tolerated', async () => {
  await f.token('tk-old');
  const p = createTokenProvider({ kind: 'api', apiUrl, secret: 'openIM123', concurrency: 4, register: true });
  await p.prepare(
    [
      { userID: 'tk-old', platformID: 1 },
      { userID: 'tk-new', platformID: 1 },
    ],
    signal(),
  );
  assert.ok(p.tokenFor('tk-new', 1).length > 0);
});

test('api: a wrong secret names the route, errCode 1002 and --secret', async () => {
  const p = createTokenProvider({ kind: 'api', apiUrl, secret: 'wrong', concurrency: 1, register: true });
  await assert.rejects(p.prepare([{ userID: 'tk-s', platformID: 1 }], signal()), (err: unknown) => {
    assert.ok(err instanceof ImstressError);
    assert.equal(err.code, 'token_api_refused');
    assert.equal(err.exit, 'targetUnavailable');
    assert.match(err.message, /\/user\/user_register/);
    assert.match(err.message, /1002/);
    assert.match(err.hint ?? '', /--secret/);
    return true;
  });
});

test('api: an unknown user without registration is refused with a hint', async () => {
  const p = createTokenProvider({ kind: 'api', apiUrl, secret: 'openIM123', concurrency: 1, register: false });
  await assert.rejects(p.prepare([{ userID: 'tk-never', platformID: 1 }], signal()), (err: unknown) => {
    assert.ok(err instanceof ImstressError);
    assert.match(err.message, /\/auth\/user_token/);
    assert.match(err.message, /1004/);
    assert.match(err.hint ?? '', /register/);
    return true;
  });
});

test('api: an unreachable API is a clear targetUnavailable error', async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const p = createTokenProvider({ kind: 'api', apiUrl: url, secret: 'openIM123', concurrency: 1, register: true }, { timeoutMs: 2000 });
  await assert.rejects(p.prepare([{ userID: 'tk-u', platformID: 1 }], signal()), (err: unknown) => {
    assert.ok(err instanceof ImstressError);
    assert.equal(err.exit, 'targetUnavailable');
    assert.ok(err.message.includes(url), err.message);
    assert.match(err.message, /unreachable/);
    assert.match(err.message, /ECONNREFUSED/);
    return true;
  });
});

test('api: an aborted prepare stops', async () => {
  const ac = new AbortController();
  ac.abort();
  const p = createTokenProvider({ kind: 'api', apiUrl, secret: 'openIM123', concurrency: 1, register: true });
  await assert.rejects(
    p.prepare([{ userID: 'tk-a', platformID: 1 }], ac.signal),
    (err: unknown) => err instanceof ImstressError && err.exit === 'interrupted',
  );
});

test('static: one token for everyone', async () => {
  const p = createTokenProvider({ kind: 'static', token: 'T' });
  await p.prepare([{ userID: 'a', platformID: 1 }], signal());
  assert.equal(p.tokenFor('a', 1), 'T');
  assert.equal(p.tokenFor('b', 7), 'T');
});

interface FileCase {
  readonly name: string;
  readonly text: string;
  readonly want?: Record<string, string>;
  readonly error?: RegExp;
}

const fileCases: readonly FileCase[] = [
  { name: 'tab', text: 'u1\tT1\nu2\tT2\n', want: { u1: 'T1', u2: 'T2' } },
  {
    name: 'comma, spaces, CRLF, comments, blanks',
    text: '# tokens\r\nu1,T1\r\n\r\nu2   T2\r\n  u3 , T3  \r\n',
    want: { u1: 'T1', u2: 'T2', u3: 'T3' },
  },
  { name: 'json object', text: '{"u1":"T1","u2":"T2"}', want: { u1: 'T1', u2: 'T2' } },
  { name: 'one column', text: 'u1\tT1\nu2\n', error: /tokens\.txt:2: expected/ },
  { name: 'three columns', text: 'u1 T1\n\nu2 T2 extra\n', error: /tokens\.txt:3: expected/ },
  { name: 'duplicate user', text: 'u1 T1\nu1 T2\n', error: /tokens\.txt:2: user u1 appears twice/ },
  { name: 'bad json', text: '{"u1": ', error: /tokens\.txt: not valid JSON/ },
  { name: 'json non-string token', text: '{"u1": 5}', error: /key "u1"/ },
];

for (const c of fileCases) {
  test(`token file: ${c.name}`, () => {
    if (c.want !== undefined) {
      assert.deepEqual(Object.fromEntries(parseTokenFile(c.text, 'tokens.txt')), c.want);
    } else {
      assert.throws(
        () => parseTokenFile(c.text, 'tokens.txt'),
        (err: unknown) => err instanceof ImstressError && err.exit === 'usage' && (c.error?.test(err.message) ?? false),
      );
    }
  });
}

test('file provider: reads the file and lists missing users', async () => {
  const path = join(dir, 'tokens.tsv');
  await writeFile(path, 'fu1\tA\nfu2\tB\n');
  const p = createTokenProvider({ kind: 'file', path });
  await p.prepare(
    [
      { userID: 'fu1', platformID: 1 },
      { userID: 'fu2', platformID: 2 },
    ],
    signal(),
  );
  assert.equal(p.tokenFor('fu2', 2), 'B');
  const q = createTokenProvider({ kind: 'file', path });
  await assert.rejects(
    q.prepare(
      [
        { userID: 'fu1', platformID: 1 },
        { userID: 'fu3', platformID: 1 },
        { userID: 'fu4', platformID: 1 },
      ],
      signal(),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ImstressError);
      assert.equal(err.exit, 'usage');
      assert.ok(err.message.includes(path));
      assert.match(err.message, /2 users: fu3, fu4/);
      return true;
    },
  );
  const r = createTokenProvider({ kind: 'file', path: join(dir, 'absent.tsv') });
  await assert.rejects(
    r.prepare([], signal()),
    (err: unknown) => err instanceof ImstressError && err.exit === 'usage' && err.message.includes('absent.tsv'),
  );
});
