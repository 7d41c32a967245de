/**
 * The adapter registry (src/protocol/create-adapter.ts): every adapter name
 * has an entry that declares its request kinds and builds its own,
 * serialisable spec; an adapter built from a spec that crossed a structured
 * clone (as to a `--workers` thread) sends exactly the kinds it declares.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterNames } from '../../../src/catalog/adapters.js';
import { messageKinds } from '../../../src/config/choices.js';
import { adapterEntry, adapterSpec, createAdapter } from '../../../src/protocol/create-adapter.js';
import type { AdapterSpecInput } from '../../../src/protocol/adapter-entry.js';
import { createListeningServer, type RawData } from '../../../src/transport/ws.js';
import { recorder } from './events.js';

const input = (url: string): AdapterSpecInput => ({
  url,
  localAddress: null,
  operationIdPrefix: 'reg',
  tls: null,
  tokens: { kind: 'static', token: 't' },
  compression: 'none',
  encoding: 'gob',
  openim: { tokenFlow: 'user-token', adminUser: 'imAdmin', msgResp: false },
});

test('each adapter name has an entry under that name; its spec names it, survives a structured clone, and carries only what it uses', () => {
  for (const name of adapterNames) {
    const entry = adapterEntry(name);
    assert.equal(entry.name, name);
    const spec = adapterSpec(name, input('ws://127.0.0.1:1/'));
    assert.equal(spec.adapter, name);
    assert.deepEqual(structuredClone(spec), spec, `${name}: the spec is plain data`);
    assert.equal('tokens' in spec, entry.usesTokens, `${name}: tokens in its spec exactly when it uses them`);
    assert.ok(entry.requestKinds.length > 0, `${name} sends something`);
    for (const k of entry.requestKinds) assert.ok((messageKinds as readonly string[]).includes(k), `${name}: ${k} is a --message-kind`);
  }
  assert.deepEqual(adapterEntry('raw').requestKinds, ['get-seq']);
  assert.deepEqual([...adapterEntry('openim').requestKinds].sort(), [...messageKinds].sort());
});

test('the raw adapter built from its cloned spec answers the kinds it declares and refuses the ones it does not', async () => {
  const server = await new Promise<ReturnType<typeof createListeningServer>>((resolve) => {
    const s = createListeningServer({ host: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  try {
    server.on('connection', (ws) => ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary })));
    const addr = server.address();
    assert.ok(typeof addr === 'object' && addr !== null);
    const adapter = createAdapter(structuredClone(adapterSpec('raw', input(`ws://127.0.0.1:${addr.port}/`))));
    assert.equal(adapter.name, 'raw');
    const vu = { index: 0, userID: 'r1', platformID: 1 };
    await adapter.prepare([vu], new AbortController().signal);
    const r = await adapter.connect(vu, recorder(), 5000);
    assert.ok(r.state === 'open', JSON.stringify(r));
    for (const kind of messageKinds) {
      const answer = await r.conn.request(kind, vu);
      assert.equal(answer.state === 'reply', adapterEntry('raw').requestKinds.includes(kind), `${kind}: ${JSON.stringify(answer)}`);
    }
    r.conn.terminate();
    await adapter.dispose();
  } finally {
    for (const c of server.clients) c.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('an openim spec without a token source fails to build, naming what is missing', () => {
  assert.throws(
    () => createAdapter(adapterSpec('openim', { ...input('ws://127.0.0.1:1/'), tokens: null })),
    /no token source for the openim adapter/,
  );
});
