/**
 * OpenIM constants: reqIdentifiers (§3), platforms (§6.1), handshake error
 * codes (§1.3, §1.4) and the message constants of a single-chat text
 * message (§4.1) of openim-protocol.md.
 *
 * @module
 */

/** `ReqIdentifier` values understood by the v3.5.1 gateway (§3). */
export const ReqIdentifier = {
  /** C→S→C; `sdkws.GetMaxSeqReq` → `sdkws.GetMaxSeqResp`. Also the SDK heartbeat. */
  GetNewestSeq: 1001,
  /** C→S→C; `sdkws.PullMessageBySeqsReq` → `sdkws.PullMessageBySeqsResp`. */
  PullMsgBySeqList: 1002,
  /** C→S→C; `sdkws.MsgData` → `msg.SendMsgResp`. */
  SendMsg: 1003,
  /** C→S→C; broken in 3.5.1 (nil request), treat as unsupported. */
  SendSignalMsg: 1004,
  /** S→C; `sdkws.PushMessages`. */
  PushMsg: 2001,
  /** S→C; no Data, followed by a TCP close. */
  KickOnlineMsg: 2002,
  /** C→S→C; `push.DelUserPushTokenReq`; the server closes after replying. */
  LogoutMsg: 2003,
  /** C→S→C; `sdkws.SetAppBackgroundStatusReq`, no reply Data. */
  SetBackgroundStatus: 2004,
  /** Defined but never sent by the 3.5.1 server. */
  DataError: 3001,
} as const;

/** Platform ids (protocol v0.0.42, §6.1). */
export const PlatformID = {
  IOS: 1,
  Android: 2,
  Windows: 3,
  OSX: 4,
  Web: 5,
  MiniWeb: 6,
  Linux: 7,
  APad: 8,
  IPad: 9,
  Admin: 10,
} as const;

/** A platform name as used in the Redis token key (§1.3 step 6). */
export type PlatformName = keyof typeof PlatformID;
/** Platform class for multi-login policies (§6.1); `none` for APad, IPad, Admin. */
export type PlatformClass = 'Mobile' | 'PC' | 'Web' | 'none';

/** Class of each platform (§6.1). Exhaustive, so a new platform needs a class. */
const PLATFORM_CLASS: Readonly<Record<PlatformName, PlatformClass>> = {
  IOS: 'Mobile',
  Android: 'Mobile',
  Windows: 'PC',
  OSX: 'PC',
  Web: 'Web',
  MiniWeb: 'Web',
  Linux: 'PC',
  APad: 'none',
  IPad: 'none',
  Admin: 'none',
};

/**
 * Name of platform `id`, or `''` for an unknown id (Go's map lookup in
 * `PlatformIDToName` yields the empty string).
 */
export function platformName(id: number): PlatformName | '' {
  for (const [name, pid] of Object.entries(PlatformID)) {
    if (pid === id) return name as PlatformName;
  }
  return '';
}

/** Class of platform `id` (§6.1); `none` for classless or unknown ids. */
export function platformClass(id: number): PlatformClass {
  const name = platformName(id);
  return name === '' ? 'none' : PLATFORM_CLASS[name];
}

/**
 * Handshake error codes (§1.3) with the errMsg the server sends in the
 * `apiresp` JSON body (§1.4). 500 carries the Redis error text instead.
 */
export const HandshakeErrorCode = {
  TokenExpired: 1501,
  TokenInvalid: 1502,
  TokenMalformed: 1503,
  TokenNotValidYet: 1504,
  TokenUnknown: 1505,
  TokenKicked: 1506,
  TokenNotExist: 1507,
  ConnOverMaxNumLimit: 1601,
  ArgsError: 1602,
  ServerInternal: 500,
} as const;

/** A handshake error code value. */
export type HandshakeErrorCodeValue = (typeof HandshakeErrorCode)[keyof typeof HandshakeErrorCode];

/** errMsg of each handshake error code (§1.3). */
export const HANDSHAKE_ERROR_MESSAGES: Readonly<Record<HandshakeErrorCodeValue, string>> = {
  1501: 'TokenExpiredError',
  1502: 'TokenInvalidError',
  1503: 'TokenMalformedError',
  1504: 'TokenNotValidYetError',
  1505: 'TokenUnknownError',
  1506: 'TokenKickedError',
  1507: 'TokenNotExistError',
  1601: 'ConnOverMaxNumLimit',
  1602: 'args err, need token, sendID, platformID',
  // The real errMsg is the Redis error text (§1.3 step 6); this is a placeholder.
  500: 'ServerInternalError',
};

/** Codes on which the Go SDK stops reconnecting (§1.4). Every other code is retried. */
export const NonRetryableHandshakeCodes: ReadonlySet<number> = new Set<number>([1501, 1502, 1503, 1504, 1505, 1506, 1507]);

/** `MsgData.sessionType` values (§4.1). */
export const SessionType = {
  Single: 1,
  /** Rejected by the 3.5.1 server with 1001 `unknown sessionType`. */
  Group: 2,
  SuperGroup: 3,
  Notification: 4,
} as const;

/** `MsgData.msgFrom` for a user message (§4.1). */
export const MsgFrom = { User: 100 } as const;

/** `MsgData.contentType` for a text message (§4.1). */
export const ContentType = { Text: 101 } as const;

/** Redis token status values checked in the handshake (§1.3 step 7). */
export const TokenStatus = { Normal: 0, Kicked: 2 } as const;
