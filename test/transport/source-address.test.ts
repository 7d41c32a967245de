/** --local-address a,b,…: each connection takes the next source address. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceAddresses } from '../../src/transport/source-address.js';

test('no address: the system chooses, every time', () => {
  const s = new SourceAddresses(null);
  assert.equal(s.count, 1);
  assert.deepEqual([s.next(), s.next()], [undefined, undefined]);
});

test('several addresses are taken in turn', () => {
  const s = new SourceAddresses('127.0.0.1,127.0.0.2,::1');
  assert.equal(s.count, 3);
  assert.deepEqual(
    Array.from({ length: 7 }, () => s.next()),
    ['127.0.0.1', '127.0.0.2', '::1', '127.0.0.1', '127.0.0.2', '::1', '127.0.0.1'],
  );
});
