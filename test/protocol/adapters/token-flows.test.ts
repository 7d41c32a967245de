/**
 * Both token flows (openim-protocol.md §14.1) and `auto`'s choice between
 * them, against the embedded gateway's REST API in both flavours: `v3.8`
 * (≥ v3.8.2 routes) and `v3.5.1`. A refusal at each step names the step, the
 * route, the HTTP status and the errCode, with a hint, and exits 3.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, type Fixture } from '../../helpers/gateway.js';
import { createTokenProvider, planOpenIm, type ResolvedTokenSource } from '../../../src/protocol/openim/tokens.js';
import type { TokenFlow } from '../../../src/protocol/openim/versions.js';
import { ImstressError } from '../../../src/errors.js';

let v38: Fixture;
let v351: Fixture;
before(async () => {
  v38 = await gatewayFixture({ mode: 'v3.8', seed: 2 });
  v351 = await gatewayFixture({ mode: 'v3.5.1', seed: 2 });
});
after(async () => {
  await v38.close();
  await v351.close();
});

const signal = (): AbortSignal => new AbortController().signal;
const source = (
  f: Fixture,
  over: Partial<Extract<ResolvedTokenSource, { kind: 'api' }>> = {},
): Extract<ResolvedTokenSource, { kind: 'api' }> => ({
  kind: 'api',
  apiUrl: f.gw.apiUrl ?? '',
  secret: 'openIM123',
  concurrency: 2,
  register: true,
  ...over,
});

/** Prepares tokens for `ids` with `flow`, then opens a real session with each token. */
async function prepareAndConnect(f: Fixture, flow: TokenFlow, ids: readonly string[]): Promise<void> {
  const p = createTokenProvider(source(f), { flow });
  await p.prepare(
    ids.map((userID) => ({ userID, platformID: 1 })),
    signal(),
  );
  for (const id of ids) await f.open(id, { token: p.tokenFor(id, 1) });
}

/** Asserts `p` rejects with an exit-3 ImstressError whose message and hint match. */
async function refused(p: Promise<unknown>, message: RegExp[], hint: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ImstressError, String(err));
    assert.equal(err.exit, 'targetUnavailable');
    for (const m of message) assert.match(err.message, m);
    assert.match(err.hint ?? '', hint);
    return true;
  });
}

test('admin-token flow against v3.8: tokens that the gateway accepts', async () => {
  await prepareAndConnect(v38, 'admin-token', ['fa-1', 'fa-2', 'fa-3']);
});

test('user-token flow against v3.5.1: tokens that the gateway accepts', async () => {
  await prepareAndConnect(v351, 'user-token', ['fu-1', 'fu-2']);
});

test('auto: v3.8 answers get_admin_token, so the admin-token flow with isMsgResp; v3.5.1 answers 404, so user_token without it', async () => {
  const choice = { version: 'auto', adminUser: 'imAdmin', msgResp: null } as const;
  const a = await planOpenIm(source(v38), choice, signal());
  assert.deepEqual(a, { version: 'auto', tokenFlow: 'admin-token', detected: true, msgResp: true, adminUser: 'imAdmin' });
  const b = await planOpenIm(source(v351), choice, signal());
  assert.deepEqual(b, { version: 'auto', tokenFlow: 'user-token', detected: true, msgResp: false, adminUser: 'imAdmin' });
  // and the flow it picked works end to end
  await prepareAndConnect(v38, a.tokenFlow ?? 'user-token', ['auto-38']);
  await prepareAndConnect(v351, b.tokenFlow ?? 'admin-token', ['auto-351']);
});

test('a fixed release is not probed; static tokens keep auto off isMsgResp; an explicit --msg-resp wins', async () => {
  const dead = source(v38, { apiUrl: 'http://127.0.0.1:1' });
  const fixed = await planOpenIm(dead, { version: '3.8.2', adminUser: 'imAdmin', msgResp: null }, signal());
  assert.equal(fixed.tokenFlow, 'admin-token');
  assert.equal(fixed.detected, false, 'no request was made to the unreachable API');
  const stat = await planOpenIm({ kind: 'static', token: 't' }, { version: 'auto', adminUser: 'imAdmin', msgResp: null }, signal());
  assert.deepEqual([stat.tokenFlow, stat.msgResp], [null, false]);
  const forced = await planOpenIm({ kind: 'static', token: 't' }, { version: '3.5', adminUser: 'imAdmin', msgResp: true }, signal());
  assert.equal(forced.msgResp, true);
});

test('refusal at "get admin token": wrong secret (1002) and wrong admin user (1001), in the flow and in auto\'s probe', async () => {
  const bad = createTokenProvider(source(v38, { secret: 'nope' }), { flow: 'admin-token' });
  await refused(
    bad.prepare([{ userID: 'r1', platformID: 1 }], signal()),
    [/step "get admin token"/, /\/auth\/get_admin_token/, /HTTP 200/, /errCode 1002/],
    /--secret/,
  );
  const who = createTokenProvider(source(v38), { flow: 'admin-token', adminUser: 'mallory' });
  await refused(who.prepare([{ userID: 'r1', platformID: 1 }], signal()), [/step "get admin token"/, /errCode 1001/], /--admin-user/);
  await refused(
    planOpenIm(source(v38, { secret: 'nope' }), { version: 'auto', adminUser: 'imAdmin', msgResp: null }, signal()),
    [/get admin token/, /auto/, /errCode 1002/],
    /--secret/,
  );
});

test('refusal at "get admin token" when the API is older: --openim-version 3.8.2 against v3.5.1 is a 404 with a hint', async () => {
  const p = createTokenProvider(source(v351), { flow: 'admin-token' });
  await refused(
    p.prepare([{ userID: 'r2', platformID: 1 }], signal()),
    [/step "get admin token"/, /\/auth\/get_admin_token/, /HTTP 404/],
    /--openim-version auto/,
  );
});

test('refusal at "register users": the v3.5 flow against v3.8 (no token header, 1505), and a bad user ID in the admin flow (1001)', async () => {
  const old = createTokenProvider(source(v38), { flow: 'user-token' });
  await refused(
    old.prepare([{ userID: 'r3', platformID: 1 }], signal()),
    [/step "register users"/, /\/user\/user_register/, /HTTP 200/, /errCode 1505/],
    /--openim-version 3\.8\.2/,
  );
  const colon = createTokenProvider(source(v38), { flow: 'admin-token' });
  await refused(colon.prepare([{ userID: 'bad:id', platformID: 1 }], signal()), [/step "register users"/, /errCode 1001/], /errCode table/);
  const secret = createTokenProvider(source(v351, { secret: 'nope' }), { flow: 'user-token' });
  await refused(secret.prepare([{ userID: 'r3', platformID: 1 }], signal()), [/step "register users"/, /errCode 1002/], /--secret/);
});

test('refusal at "get user token": unknown user (1004) in both flows, and the removed user_token route (404) on v3.8', async () => {
  const a = createTokenProvider(source(v38, { register: false }), { flow: 'admin-token' });
  await refused(
    a.prepare([{ userID: 'r4-never', platformID: 1 }], signal()),
    [/step "get user token"/, /\/auth\/get_user_token/, /errCode 1004/],
    /register/,
  );
  const u = createTokenProvider(source(v351, { register: false }), { flow: 'user-token' });
  await refused(
    u.prepare([{ userID: 'r4-never', platformID: 1 }], signal()),
    [/step "get user token"/, /\/auth\/user_token/, /errCode 1004/],
    /register/,
  );
  const gone = createTokenProvider(source(v38, { register: false }), { flow: 'user-token' });
  await refused(
    gone.prepare([{ userID: 'r4', platformID: 1 }], signal()),
    [/step "get user token"/, /\/auth\/user_token/, /HTTP 404/],
    /--openim-version 3\.8\.2/,
  );
});
