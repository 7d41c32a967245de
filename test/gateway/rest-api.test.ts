/**
 * §9: the embedded gateway's REST API over real loopback HTTP. Every reply is
 * HTTP 200 JSON `{errCode, errMsg, errDlt}`, plus `data` only when there is
 * data; every POST needs the `operationID` header; the online-status and
 * force-logout routes need a manager `token`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, type Fixture } from '../helpers/gateway.js';

let f: Fixture;
let apiUrl: string;
before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1', seed: 1 });
  assert.ok(f.gw.apiUrl !== null, 'the fixture starts the REST API');
  apiUrl = f.gw.apiUrl;
});
after(async () => {
  await f.close();
});

const secret = 'openIM123';
let opSerial = 0;

interface Envelope {
  readonly errCode: number;
  readonly errMsg: string;
  readonly errDlt: string;
  readonly data?: unknown;
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface PostOptions {
  /** false: omit the operationID header */
  readonly operationID?: boolean;
  readonly token?: string;
  readonly method?: string;
}

/** One HTTP request; `body` is sent as is when a string, JSON-encoded otherwise. */
async function post(route: string, body: unknown, o: PostOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.operationID !== false) headers['operationID'] = `rest-test-${++opSerial}`;
  if (o.token !== undefined) headers['token'] = o.token;
  const method = o.method ?? 'POST';
  const res = await fetch(new URL(route, apiUrl), {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(2000),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Checks the common reply shape (§9) and returns the parsed envelope. */
function envelope(r: Reply, errCode: number): Envelope {
  assert.equal(r.status, 200, r.text);
  assert.match(r.contentType, /^application\/json/);
  const v = JSON.parse(r.text) as Record<string, unknown>;
  const keys = Object.keys(v).sort();
  assert.ok(
    JSON.stringify(keys) === JSON.stringify(['errCode', 'errDlt', 'errMsg']) ||
      JSON.stringify(keys) === JSON.stringify(['data', 'errCode', 'errDlt', 'errMsg']),
    `unexpected keys ${JSON.stringify(keys)}`,
  );
  assert.equal(typeof v['errMsg'], 'string');
  assert.equal(typeof v['errDlt'], 'string');
  assert.equal(v['errCode'], errCode, r.text);
  if (errCode === 0) {
    assert.equal(v['errMsg'], '');
    assert.equal(v['errDlt'], '');
  } else {
    assert.notEqual(v['errMsg'], '', 'an error has a name');
    assert.equal('data' in v, false, 'an error carries no data');
  }
  return v as unknown as Envelope;
}

async function managerToken(): Promise<string> {
  const e = envelope(await post('/auth/user_token', { secret, platformID: 10, userID: 'openIMAdmin' }), 0);
  const token = (e.data as { token?: unknown } | undefined)?.token;
  assert.equal(typeof token, 'string');
  return token as string;
}

async function registeredUserToken(userID: string, platformID = 1): Promise<string> {
  return f.token(userID, platformID);
}

interface ErrorCase {
  readonly name: string;
  readonly route: string;
  readonly body: () => Promise<unknown>;
  readonly options?: () => Promise<PostOptions>;
  readonly errCode: number;
  readonly errDlt?: RegExp;
}

const errorCases: readonly ErrorCase[] = [
  {
    name: 'no operationID header',
    route: '/user/user_register',
    body: async () => ({ secret, users: [{ userID: 'e1', nickname: 'e1', faceURL: '' }] }),
    options: async () => ({ operationID: false }),
    errCode: 1001,
    errDlt: /operationID/,
  },
  {
    name: 'no operationID header (token route)',
    route: '/auth/user_token',
    body: async () => ({ secret, platformID: 1, userID: 'openIMAdmin' }),
    options: async () => ({ operationID: false }),
    errCode: 1001,
    errDlt: /operationID/,
  },
  { name: 'invalid JSON body', route: '/user/user_register', body: async () => '{"secret": "openIM123", "users": [', errCode: 1001 },
  { name: 'invalid JSON body (token route)', route: '/auth/user_token', body: async () => 'not json', errCode: 1001 },
  {
    name: 'user_register with a wrong secret',
    route: '/user/user_register',
    body: async () => ({ secret: 'wrong', users: [{ userID: 'e2', nickname: 'e2', faceURL: '' }] }),
    errCode: 1002,
  },
  {
    name: "user_register with ':' in a userID",
    route: '/user/user_register',
    body: async () => ({ secret, users: [{ userID: 'bad:id', nickname: 'x', faceURL: '' }] }),
    errCode: 1001,
  },
  {
    name: 'user_token with a wrong secret',
    route: '/auth/user_token',
    body: async () => ({ secret: 'wrong', platformID: 1, userID: 'openIMAdmin' }),
    errCode: 1002,
  },
  {
    name: 'user_token for an unknown user',
    route: '/auth/user_token',
    body: async () => ({ secret, platformID: 1, userID: 'nobody-here' }),
    errCode: 1004,
  },
  {
    name: 'get_users_online_status without a token',
    route: '/user/get_users_online_status',
    body: async () => ({ userIDs: ['e3'] }),
    errCode: 1505,
  },
  {
    name: 'get_users_online_status with a non-manager token',
    route: '/user/get_users_online_status',
    body: async () => ({ userIDs: ['e3'] }),
    options: async () => ({ token: await registeredUserToken('e3') }),
    errCode: 1002,
  },
  {
    name: 'get_users_online_status with a malformed token',
    route: '/user/get_users_online_status',
    body: async () => ({ userIDs: ['e3'] }),
    options: async () => ({ token: 'not-a-jwt' }),
    errCode: 1505,
  },
  { name: 'force_logout without a token', route: '/auth/force_logout', body: async () => ({ platformID: 1, userID: 'e3' }), errCode: 1505 },
  {
    name: 'force_logout with a non-manager token',
    route: '/auth/force_logout',
    body: async () => ({ platformID: 1, userID: 'e3' }),
    options: async () => ({ token: await registeredUserToken('e3') }),
    errCode: 1002,
  },
];

for (const c of errorCases) {
  test(`${c.route}: ${c.name} → HTTP 200, errCode ${c.errCode}, no data`, async () => {
    const e = envelope(await post(c.route, await c.body(), (await c.options?.()) ?? {}), c.errCode);
    if (c.errDlt !== undefined) assert.match(e.errDlt, c.errDlt);
  });
}

test('/user/user_register: success is errCode 0 with no data key; the same user again → 1102', async () => {
  const body = { secret, users: [{ userID: 'reg1', nickname: 'reg1', faceURL: '' }] };
  const first = envelope(await post('/user/user_register', body), 0);
  assert.equal('data' in first, false);
  const again = envelope(await post('/user/user_register', body), 1102);
  assert.match(again.errDlt, /reg1/);
});

test('/auth/user_token: data is { token: 3-part JWT, expireTimeSeconds: 7776000 }', async () => {
  envelope(await post('/user/user_register', { secret, users: [{ userID: 'tok1', nickname: 'tok1', faceURL: '' }] }), 0);
  const e = envelope(await post('/auth/user_token', { secret, platformID: 2, userID: 'tok1' }), 0);
  const data = e.data as { token: string; expireTimeSeconds: number };
  assert.deepEqual(Object.keys(data).sort(), ['expireTimeSeconds', 'token']);
  assert.equal(data.expireTimeSeconds, 7_776_000);
  const parts = data.token.split('.');
  assert.equal(parts.length, 3);
  for (const p of parts) assert.match(p, /^[A-Za-z0-9_-]+$/);
  const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  assert.equal(claims['UserID'], 'tok1');
  assert.equal(claims['PlatformID'], 2);
});

test('/auth/user_token: managers exist from the start (openIMAdmin, platform 10)', async () => {
  const token = await managerToken();
  assert.equal(token.split('.').length, 3);
});

test('/user/get_users_online_status with a manager token lists each user and its platforms', async () => {
  const admin = await managerToken();
  const userToken = await registeredUserToken('os1', 1);
  const s = await f.open('os1', { platformID: 1, token: userToken });
  assert.ok(await waitFor(() => f.gw.ws.clients.get('os1', 1).clientOK, 2000), 'os1 registered');

  const e = envelope(await post('/user/get_users_online_status', { userIDs: ['os1', 'os-never-connected'] }, { token: admin }), 0);
  const data = e.data as { userID: string; status: string; detailPlatformStatus: Record<string, unknown>[] }[];
  assert.equal(data.length, 2);
  const [online, offline] = data;
  assert.ok(online !== undefined && offline !== undefined);
  assert.deepEqual(Object.keys(online).sort(), ['detailPlatformStatus', 'status', 'userID']);
  assert.equal(online.userID, 'os1');
  assert.equal(online.status, 'online');
  assert.equal(online.detailPlatformStatus.length, 1);
  const detail = online.detailPlatformStatus[0] ?? {};
  assert.deepEqual(Object.keys(detail).sort(), ['connID', 'isBackground', 'platform', 'status', 'token']);
  assert.equal(detail['platform'], 'IOS');
  assert.equal(detail['status'], 'online');
  assert.equal(typeof detail['connID'], 'string');
  assert.notEqual(detail['connID'], '');
  assert.equal(detail['isBackground'], false);
  assert.equal(detail['token'], userToken);
  assert.deepEqual(offline, { userID: 'os-never-connected', status: 'offline', detailPlatformStatus: [] });

  await s.close(2000);
  assert.ok(await waitFor(() => !f.gw.ws.clients.get('os1', 1).clientOK, 2000), 'os1 unregistered');
  const after = envelope(await post('/user/get_users_online_status', { userIDs: ['os1'] }, { token: admin }), 0);
  assert.deepEqual(after.data, [{ userID: 'os1', status: 'offline', detailPlatformStatus: [] }]);
});

test('/auth/force_logout with a manager token kicks the connected session (2002, then close)', async () => {
  const admin = await managerToken();
  let onClose!: () => void;
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const s = await f.open('fl1', { platformID: 2, events: { close: () => onClose() } });
  assert.ok(await waitFor(() => f.gw.ws.clients.get('fl1', 2).clientOK, 2000), 'fl1 registered');

  const e = envelope(await post('/auth/force_logout', { platformID: 2, userID: 'fl1' }, { token: admin }), 0);
  assert.equal('data' in e, false);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 2000))),
  ]);
  clearTimeout(timer);
  assert.equal(timedOut, false, 'the kicked session closes');
  assert.equal(s.wasKicked, true, 'the session received 2002 before the drop');
});

test('unknown route → HTTP 404; a GET on a POST route → HTTP 404', async () => {
  const unknown = await post('/no/such/route', {});
  assert.equal(unknown.status, 404);
  const get = await post('/auth/user_token', undefined, { method: 'GET' });
  assert.equal(get.status, 404);
});
