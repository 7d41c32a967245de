/**
 * What a failed token step tells the user (§9, §14.1): the route, the HTTP
 * status and the errCode, then the step and the flow, with a hint per code.
 * Every one exits 3 (target unavailable), except an abort (interrupted).
 *
 * @module
 */
import { ImstressError } from '../../errors.js';
import { ApiCallError } from './rest.js';
import type { TokenFlow } from './versions.js';

/** The steps of token preparation, as error messages name them. */
export type TokenStep = 'get admin token' | 'register users' | 'get user token';

/** What to try when a step of `flow` fails with `errCode` (§9, §14.1). */
function refusalHint(errCode: number | null, stepName: TokenStep, flow: TokenFlow | 'auto'): string {
  if (errCode === 1002 && stepName === 'get admin token')
    return "errCode 1002 (NoPermissionError): the secret was refused; pass the server's `secret` (share.yml) with --secret (OpenIM default openIM123)";
  if (errCode === 1001 && stepName === 'get admin token')
    return "errCode 1001 (ArgsError): that user is not in the server's imAdminUserID list (share.yml); pass it with --admin-user (OpenIM default imAdmin)";
  if (errCode === 1002 && flow === 'user-token') {
    return "errCode 1002 (NoPermissionError) means the secret was refused: pass the server's `secret` with --secret (OpenIM default openIM123)";
  }
  if (errCode === 1002) return "errCode 1002 (NoPermissionError): the admin token was not accepted as the IM admin's; check --admin-user";
  if ((errCode === 1505 || errCode === 1001) && flow === 'user-token' && stepName === 'register users') {
    return `errCode ${errCode}: the API wants a token header here, as OpenIM ≥ v3.8.2 does; pass --openim-version 3.8.2 (or auto)`;
  }
  if (errCode === 1505 || errCode === 1506 || errCode === 1507)
    return `errCode ${errCode}: the admin token was refused (expired, kicked or unknown); try again, and check the server's clock`;
  if (errCode === 1004 || errCode === 1101) return 'the user does not exist: let imstress register the users, or register them first';
  return 'see the OpenIM errCode table; the request was refused by the API';
}

/** Turns a REST failure into what the user can act on (§9, §14.1 error codes): route, HTTP status, errCode, then the step and flow, and a hint. */
export function apiError(err: unknown, apiUrl: string, stepName: TokenStep, flow: TokenFlow | 'auto'): unknown {
  if (err instanceof ImstressError) return err;
  if (!(err instanceof ApiCallError)) return err;
  const o = { cause: err } as const;
  const at = ` — step "${stepName}" (${flow === 'auto' ? '--openim-version auto probing the release' : `${flow} flow`})`;
  switch (err.kind) {
    case 'api':
      return new ImstressError('token_api_refused', `token API ${apiUrl} refused ${err.message} (HTTP ${err.status ?? 200})${at}`, {
        ...o,
        hint: refusalHint(err.errCode, stepName, flow),
      });
    case 'http': {
      const hint =
        err.status === 404 && err.route === '/auth/user_token'
          ? 'OpenIM ≥ v3.8.2 removed /auth/user_token: pass --openim-version 3.8.2, or auto to let imstress find out'
          : err.status === 404 && err.route !== '/user/user_register'
            ? `${err.route} does not exist on this API (OpenIM ≤ v3.8.1 has no admin-token routes): pass --openim-version auto, or the server's release`
            : 'is this the OpenIM REST API (default port 10002), not the WebSocket gateway?';
      return new ImstressError('token_api_http_error', `token API ${apiUrl}: ${err.message}${at}`, { ...o, hint });
    }
    case 'network':
    case 'timeout':
      return new ImstressError('token_api_unreachable', `token API ${apiUrl} unreachable: ${err.message}${at}`, {
        ...o,
        hint: 'check the API URL and that the OpenIM API (default port 10002) is running',
      });
    case 'aborted':
      return new ImstressError('interrupted', 'token preparation aborted', { cause: err });
    case 'malformed':
      return new ImstressError('token_api_malformed', `token API ${apiUrl} gave an unexpected reply: ${err.message}${at}`, {
        ...o,
        hint: 'is this an OpenIM REST API?',
      });
  }
}
