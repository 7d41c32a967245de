/**
 * The checks `wsHandler` runs before the upgrade, in upstream order (§1.3),
 * and the HTTP 200 JSON error body a failure gets (§1.4).
 */
import type { IncomingMessage } from 'node:http';
import type { TokenService } from './token.js';
import {
  platformName,
  HandshakeErrorCode as E,
  HANDSHAKE_ERROR_MESSAGES,
  TokenStatus,
  type HandshakeErrorCodeValue,
} from '../protocol/openim/index.js';

/** `apiresp.ApiResponse` without data (§1.4). */
export interface ApiError {
  readonly errCode: number;
  readonly errMsg: string;
  readonly errDlt: string;
}

/** What a passed handshake hands to the upgrade. */
export interface HandshakeFields {
  readonly userID: string;
  readonly platformID: number;
  readonly token: string;
  readonly operationID: string;
  readonly isCompress: boolean;
  readonly isJson: boolean;
}

export type HandshakeResult = { readonly ok: true; readonly fields: HandshakeFields } | { readonly ok: false; readonly error: ApiError };

/** tools `errs` code errors: errMsg is the code's name; errDlt the wrapped text (§1.4). */
function codeError(errCode: HandshakeErrorCodeValue): ApiError {
  const errMsg = HANDSHAKE_ERROR_MESSAGES[errCode];
  return { errCode, errMsg, errDlt: `${errCode} ${errMsg}` };
}
const argsErr = (): ApiError => codeError(E.ArgsError);

/** Go `strconv.Atoi`: optional sign, decimal digits, int64 range. */
function atoi(s: string): number | null {
  if (!/^[+-]?\d{1,19}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

export interface HandshakeContext {
  readonly onlineUserConnNum: number;
  readonly maxConnNum: number;
  readonly tokens: TokenService;
  /** §1.7 / §2.7: `sdkType=js` selects JSON only from v3.8.2. */
  readonly acceptsSdkType: boolean;
}

/** Steps 1–7 of §1.3; nothing is written here. */
export async function checkHandshake(req: IncomingMessage, ctx: HandshakeContext): Promise<HandshakeResult> {
  if (ctx.onlineUserConnNum >= ctx.maxConnNum) return { ok: false, error: codeError(E.ConnOverMaxNumLimit) };
  const q = new URL(req.url ?? '/', 'http://gateway').searchParams;
  const token = q.get('token') ?? '';
  const userID = q.get('sendID') ?? '';
  const platformRaw = q.get('platformID') ?? '';
  if (token === '' || userID === '' || platformRaw === '') return { ok: false, error: argsErr() };
  const platformID = atoi(platformRaw);
  if (platformID === null) return { ok: false, error: argsErr() };
  const parsed = await ctx.tokens.parse(token);
  if (!parsed.ok) {
    const byFailure = {
      malformed: codeError(E.TokenMalformed),
      expired: codeError(E.TokenExpired),
      notValidYet: codeError(E.TokenNotValidYet),
      unknown: codeError(E.TokenUnknown),
    } as const;
    return { ok: false, error: byFailure[parsed.failure] };
  }
  if (parsed.claims.userID !== userID || parsed.claims.platformID !== platformID) {
    return { ok: false, error: codeError(E.TokenInvalid) };
  }
  const statuses = ctx.tokens.statuses(userID, platformName(platformID));
  const status = statuses?.get(token);
  if (status === undefined) return { ok: false, error: codeError(E.TokenNotExist) };
  if (status === TokenStatus.Kicked) return { ok: false, error: codeError(E.TokenKicked) };
  if (status !== TokenStatus.Normal) return { ok: false, error: codeError(E.TokenUnknown) };
  const compressionHeader = req.headers['compression'];
  return {
    ok: true,
    fields: {
      userID,
      platformID,
      token,
      operationID: q.get('operationID') ?? '',
      isCompress: q.get('compression') === 'gzip' || compressionHeader === 'gzip',
      isJson: ctx.acceptsSdkType && q.get('sdkType') === 'js',
    },
  };
}

/** §1.4: HTTP 200, JSON, no upgrade. */
export function errorBody(error: ApiError): string {
  return JSON.stringify({ errCode: error.errCode, errMsg: error.errMsg, errDlt: error.errDlt });
}

/** Go `strconv.ParseBool`; anything else is an error, which the gateway reads as false. */
function parseGoBool(s: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return null;
}

/** §1.6 / §14.2: the client asked for the text-frame reply (`isMsgResp=true`). */
export function wantsMsgResp(req: IncomingMessage): boolean {
  return parseGoBool(new URL(req.url ?? '/', 'http://gateway').searchParams.get('isMsgResp') ?? '') === true;
}

/** §1.6: the success frame, `{"errCode":0,"errMsg":"","errDlt":""}`. */
export const msgRespSuccessBody = errorBody({ errCode: 0, errMsg: '', errDlt: '' });
