/** Constants of §3, §1.3/§1.4, §4.1 and §6.1. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContentType,
  HANDSHAKE_ERROR_MESSAGES,
  HandshakeErrorCode,
  MsgFrom,
  NonRetryableHandshakeCodes,
  PlatformID,
  platformClass,
  platformName,
  ReqIdentifier,
  SessionType,
} from '../../../src/protocol/openim/index.js';

describe('constants', () => {
  it('reqIdentifiers (§3)', () => {
    assert.deepEqual(ReqIdentifier, {
      GetNewestSeq: 1001,
      PullMsgBySeqList: 1002,
      SendMsg: 1003,
      SendSignalMsg: 1004,
      PushMsg: 2001,
      KickOnlineMsg: 2002,
      LogoutMsg: 2003,
      SetBackgroundStatus: 2004,
      DataError: 3001,
    });
  });
  it('platforms and classes (§6.1)', () => {
    const table: readonly (readonly [number, string, string])[] = [
      [1, 'IOS', 'Mobile'],
      [2, 'Android', 'Mobile'],
      [3, 'Windows', 'PC'],
      [4, 'OSX', 'PC'],
      [5, 'Web', 'Web'],
      [6, 'MiniWeb', 'Web'],
      [7, 'Linux', 'PC'],
      [8, 'APad', 'none'],
      [9, 'IPad', 'none'],
      [10, 'Admin', 'none'],
      [11, '', 'none'],
      [0, '', 'none'],
    ];
    for (const [id, name, cls] of table) {
      assert.equal(platformName(id), name);
      assert.equal(platformClass(id), cls);
    }
    assert.equal(Object.keys(PlatformID).length, 10);
  });
  it('handshake codes (§1.3, §1.4)', () => {
    assert.equal(HANDSHAKE_ERROR_MESSAGES[HandshakeErrorCode.ArgsError], 'args err, need token, sendID, platformID');
    assert.equal(HANDSHAKE_ERROR_MESSAGES[1506], 'TokenKickedError');
    assert.deepEqual([...NonRetryableHandshakeCodes].sort(), [1501, 1502, 1503, 1504, 1505, 1506, 1507]);
    for (const code of [1601, 1602, 500]) assert.equal(NonRetryableHandshakeCodes.has(code), false);
  });
  it('single-chat text message constants (§4.1)', () => {
    assert.equal(SessionType.Single, 1);
    assert.equal(MsgFrom.User, 100);
    assert.equal(ContentType.Text, 101);
  });
});
