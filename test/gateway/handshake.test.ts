/**
 * §1.3 / §1.4: every handshake check in upstream order, over real loopback
 * sockets: HTTP 200 with a JSON body and no upgrade.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, apiOptions, type Fixture } from '../helpers/gateway.js';
import { rawUpgrade } from '../helpers/raw-http.js';
import { userToken } from '../../src/protocol/openim/rest.js';
import { signHs256 } from '../helpers/jwt.js';
import { encodeGetMaxSeqReq, decodeGetMaxSeqResp, ReqIdentifier } from '../../src/protocol/openim/index.js';
import { systemClock } from '../../src/time/index.js';

let f: Fixture;
before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1' });
});
after(async () => {
  await f.close();
});

const now = (): number => Math.floor(Date.now() / 1000);

interface Case {
  readonly name: string;
  readonly errCode: number;
  readonly query: () => Promise<Record<string, string>>;
}

const cases: readonly Case[] = [
  { name: 'no token', errCode: 1602, query: async () => ({ sendID: 'h1', platformID: '1' }) },
  { name: 'no sendID', errCode: 1602, query: async () => ({ token: await f.token('h1'), platformID: '1' }) },
  { name: 'no platformID', errCode: 1602, query: async () => ({ token: await f.token('h1'), sendID: 'h1' }) },
  {
    name: 'platformID not an integer',
    errCode: 1602,
    query: async () => ({ token: await f.token('h1'), sendID: 'h1', platformID: 'ios' }),
  },
  { name: 'malformed token', errCode: 1503, query: async () => ({ token: 'not-a-jwt', sendID: 'h1', platformID: '1' }) },
  {
    name: 'expired token',
    errCode: 1501,
    query: async () => ({
      token: signHs256({ UserID: 'h1', PlatformID: 1, exp: now() - 60, nbf: now() - 600, iat: now() - 600 }, 'openIM123'),
      sendID: 'h1',
      platformID: '1',
    }),
  },
  {
    name: 'token not valid yet',
    errCode: 1504,
    query: async () => ({
      token: signHs256({ UserID: 'h1', PlatformID: 1, exp: now() + 600, nbf: now() + 300, iat: now() }, 'openIM123'),
      sendID: 'h1',
      platformID: '1',
    }),
  },
  {
    name: 'wrong signature',
    errCode: 1505,
    query: async () => ({
      token: signHs256({ UserID: 'h1', PlatformID: 1, exp: now() + 600, nbf: now() - 300, iat: now() }, 'other-secret'),
      sendID: 'h1',
      platformID: '1',
    }),
  },
  { name: 'token of another user', errCode: 1502, query: async () => ({ token: await f.token('h1'), sendID: 'h2', platformID: '1' }) },
  {
    name: 'token of another platform',
    errCode: 1502,
    query: async () => ({ token: await f.token('h1', 1), sendID: 'h1', platformID: '2' }),
  },
  {
    name: 'valid signature, token never issued',
    errCode: 1507,
    query: async () => {
      await f.token('h1'); // the hash for (h1, IOS) exists, without this token in it
      return {
        token: signHs256({ UserID: 'h1', PlatformID: 1, exp: now() + 600, nbf: now() - 300, iat: now() }, 'openIM123'),
        sendID: 'h1',
        platformID: '1',
      };
    },
  },
];

for (const c of cases) {
  test(`handshake refused: ${c.name} → HTTP 200, errCode ${c.errCode}, no upgrade`, async () => {
    const url = new URL(f.gw.wsUrl);
    for (const [k, v] of Object.entries(await c.query())) url.searchParams.set(k, v);
    const a = await rawUpgrade(url.toString());
    assert.equal(a.upgraded, false);
    assert.equal(a.status, 200);
    assert.match(a.contentType, /^application\/json/);
    const body = JSON.parse(a.body) as { errCode: number; errMsg: string; errDlt: string; data?: unknown };
    assert.equal(body.errCode, c.errCode);
    assert.equal(typeof body.errMsg, 'string');
    assert.ok(body.errDlt.startsWith(String(c.errCode)), body.errDlt);
    assert.equal('data' in body, false);
  });
}

test('the client session reads a refusal as { rejected, status 200, errCode }', async () => {
  const r = await f.connect('h1', { token: 'not-a-jwt' });
  assert.equal(r.session, null);
  assert.deepEqual(r.outcome.state === 'rejected' ? [r.outcome.status, r.outcome.errCode, r.outcome.errMsg] : r.outcome, [
    200,
    1503,
    'TokenMalformedError',
  ]);
});

test('a plain GET without parameters answers 1602 (the liveness probe of §8)', async () => {
  const a = await rawUpgrade(f.gw.wsUrl, false);
  assert.equal(a.status, 200);
  const body = JSON.parse(a.body) as { errCode: number; errDlt: string };
  assert.equal(body.errCode, 1602);
  assert.equal(body.errDlt, '1602 args err, need token, sendID, platformID');
});

test('valid token: 101, then a gob reply to 1001 (plain and gzip)', async () => {
  for (const compression of ['none', 'gzip'] as const) {
    const s = await f.open('ok1', { compression });
    const resp = await s.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'ok1' }), 5000);
    assert.equal(resp.reqIdentifier, 1001);
    assert.equal(resp.errCode, 0);
    assert.deepEqual(decodeGetMaxSeqResp(resp.data).maxSeqs, {});
    await s.close(2000);
  }
});

test('a kicked token is refused with 1506 (§6.3 step 3)', async () => {
  // Tokens are deterministic per second (same claims, same signature): the next one is minted a second later
  // on the gateway's wall clock, which this test moves instead of waiting for the real one.
  let skewMs = 0;
  const g = await gatewayFixture({}, { clock: { ...systemClock, epochMs: () => Date.now() + skewMs } });
  try {
    const first = await g.token('k1');
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => (onClose = resolve));
    const s1 = await g.open('k1', { token: first, events: { close: () => onClose() } });
    assert.ok(await waitFor(() => g.gw.ws.clients.get('k1', 1).clientOK, 5000), 'k1 registered');
    skewMs += 1000;
    // A freshly minted token for the same (user, platform) kicks the live session and marks the old token kicked.
    const fresh = await userToken(apiOptions(g.gw.apiUrl ?? ''), 'openIM123', 'k1', 1);
    assert.notEqual(fresh, first);
    const s2 = await g.open('k1', { token: fresh });
    await closed;
    assert.equal(s1.wasKicked, true, 'the old session received 2002 before the drop');
    const again = await g.connect('k1', { token: first });
    assert.equal(again.outcome.state === 'rejected' ? again.outcome.errCode : again.outcome.state, 1506);
    await s2.close(2000);
  } finally {
    await g.close();
  }
});

test('too many connections: 1601 (§1.3 check 1)', async () => {
  const small = await gatewayFixture({ maxConnNum: 1 });
  try {
    const s = await small.open('m1');
    await waitFor(() => small.gw.ws.onlineUserConnNum >= 1, 5000);
    const r = await small.connect('m2');
    assert.equal(r.outcome.state, 'rejected');
    assert.equal(r.outcome.state === 'rejected' ? r.outcome.errCode : 0, 1601);
    await s.close(2000);
  } finally {
    await small.close();
  }
});
