/** The connection tally (issue #18): counts, and sums that leave reports older than the tally without one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionTally, connectionEndKeys, sumConnectionEnds } from '../../src/engine/connection-tally.js';

test('each end is counted under its own key', () => {
  const t = new ConnectionTally();
  t.attempt();
  t.attempt();
  t.attempt();
  t.ended('clean');
  t.ended('timeout');
  t.ended('cut');
  t.ended('server');
  t.ended('clean');
  t.abandon();
  assert.deepEqual(t.totals(), { attempts: 3, abandoned: 1, closedCleanly: 2, closedByTimeout: 1, cut: 1, closedByServer: 1 });
  assert.deepEqual(Object.keys(t.totals()).sort(), [...connectionEndKeys].sort());
});

test('sums: threads or reports with a tally add up; without any, no fields (an old report claims no zeros)', () => {
  const a = { attempts: 5, abandoned: 0, closedCleanly: 4, closedByTimeout: 0, cut: 1, closedByServer: 0 };
  const b = { attempts: 2, abandoned: 1, closedCleanly: 1, closedByTimeout: 0, cut: 0, closedByServer: 0 };
  assert.deepEqual(sumConnectionEnds([a, b]), {
    attempts: 7,
    abandoned: 1,
    closedCleanly: 5,
    closedByTimeout: 0,
    cut: 1,
    closedByServer: 0,
  });
  assert.deepEqual(sumConnectionEnds([{}, {}]), {});
  assert.deepEqual(sumConnectionEnds([a, {}]), a, 'a part without a tally adds nothing');
});
