/**
 * The REST calls a client needs (§9): register users, mint a token, read the
 * online status, force a logout. Always HTTP 200 with `{errCode, errMsg,
 * errDlt, data?}`; every POST needs the `operationID` header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenService } from './token.js';
import type { UserStore } from './user-store.js';
import type { WsServer } from './ws-server.js';
import { restFlavour, type GatewayConfig } from './options.js';
import { platformName, TokenStatus } from '../protocol/openim/index.js';

/** §6.1: the Admin platform; §14.1 `get_admin_token` mints the admin token for it. */
const adminPlatformID = 10;

interface ApiReply {
  readonly errCode: number;
  readonly errMsg: string;
  readonly errDlt: string;
  readonly data?: unknown;
}

const ok = (data?: unknown): ApiReply =>
  data === undefined ? { errCode: 0, errMsg: '', errDlt: '' } : { errCode: 0, errMsg: '', errDlt: '', data };
const fail = (errCode: number, errMsg: string, detail: string): ApiReply => ({ errCode, errMsg, errDlt: detail });
const argsError = (detail: string): ApiReply => fail(1001, 'ArgsError', detail);
const noPermission = (detail: string): ApiReply => fail(1002, 'NoPermissionError', detail);

const maxBody = 1024 * 1024;

type Body = Record<string, unknown>;
type Route = (body: Body, req: IncomingMessage) => Promise<ApiReply>;

export class RestApi {
  private readonly routes: ReadonlyMap<string, Route>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly tokens: TokenService,
    private readonly users: UserStore,
    private readonly ws: WsServer,
  ) {
    const common: [string, Route][] = [
      ['/user/get_users_online_status', (b, r) => this.onlineStatus(b, r)],
      ['/auth/force_logout', (b, r) => this.forceLogout(b, r)],
    ];
    this.routes =
      restFlavour(config.mode) === 'v3.8.2'
        ? // §14.1 (v3.8.2+): /auth/user_token is gone (404); registration and user tokens need the admin token.
          new Map<string, Route>([
            ['/auth/get_admin_token', (b) => this.getAdminToken(b)],
            ['/user/user_register', (b, r) => this.adminOnly(r, () => this.registerList(b))],
            ['/auth/get_user_token', (b, r) => this.adminOnly(r, () => this.mintFor(b))],
            ...common,
          ])
        : new Map<string, Route>([
            ['/user/user_register', (b) => this.userRegister(b)],
            ['/auth/user_token', (b) => this.userToken(b)],
            ...common,
          ]);
  }

  /** The http `request` listener. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    const route = this.routes.get(path);
    if (route === undefined || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
      req.resume();
      return;
    }
    readBody(req)
      .then(async (raw): Promise<ApiReply> => {
        const operationID = req.headers['operationid'];
        if (typeof operationID !== 'string' || operationID === '') return argsError('header must have operationID');
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch (err) {
          return argsError(`invalid JSON body: ${(err as Error).message}`);
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return argsError('body must be a JSON object');
        return route(body as Body, req);
      })
      .catch((err: unknown) => fail(500, 'ServerInternalError', String(err)))
      .then((reply) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply));
      })
      // The client went away mid-reply (the response cannot be written): drop the socket, never an unhandled rejection.
      .catch(() => res.destroy());
  }

  private async userRegister(body: Body): Promise<ApiReply> {
    if (body['secret'] !== this.config.secret) return noPermission('secret invalid');
    return this.registerList(body);
  }

  /** The `users` list of `/user/user_register`, once the caller is allowed. */
  // eslint-disable-next-line @typescript-eslint/require-await -- a route: async so that a throw becomes the 500 reply, as in every other route
  private async registerList(body: Body): Promise<ApiReply> {
    const list = body['users'];
    if (!Array.isArray(list) || list.length === 0) return argsError('users is empty');
    const parsed: { userID: string; nickname: string; faceURL: string }[] = [];
    for (const u of list) {
      const userID = (u as Body | null)?.['userID'];
      if (typeof userID !== 'string' || userID === '' || userID.includes(':'))
        return argsError(`userID is invalid: ${JSON.stringify(userID)}`);
      const nickname = (u as Body)['nickname'];
      const faceURL = (u as Body)['faceURL'];
      parsed.push({ userID, nickname: typeof nickname === 'string' ? nickname : '', faceURL: typeof faceURL === 'string' ? faceURL : '' });
    }
    const ids = new Set(parsed.map((u) => u.userID));
    if (ids.size !== parsed.length) return argsError('userID repeated');
    for (const u of parsed)
      if (this.users.has(u.userID)) return fail(1102, 'RegisteredAlreadyError', `userID registered already ${u.userID}`);
    for (const u of parsed) this.users.add(u.userID, u.nickname, u.faceURL);
    return ok();
  }

  private async userToken(body: Body): Promise<ApiReply> {
    if (body['secret'] !== this.config.secret) return noPermission('secret invalid');
    return this.mintFor(body);
  }

  /** §14.1: `{secret, userID}` with userID in imAdminUserID → an admin token (platform 10); whitelisted, no header. */
  private async getAdminToken(body: Body): Promise<ApiReply> {
    if (body['secret'] !== this.config.secret) return noPermission('secret invalid');
    const userID = body['userID'];
    if (typeof userID !== 'string' || !this.users.isImAdmin(userID))
      return argsError(`userID is not an imAdminUserID: ${JSON.stringify(userID)}`);
    return ok(await this.tokens.mint(userID, adminPlatformID, platformName(adminPlatformID)));
  }

  /** §14.1 `CheckAdmin`: the `token` header must be a live token of the IM admin. */
  private async adminOnly(req: IncomingMessage, then: () => Promise<ApiReply>): Promise<ApiReply> {
    const denied = await this.requireToken(req, (userID) => this.users.isImAdmin(userID), 'is not the IM admin');
    return denied ?? then();
  }

  /** `{userID, platformID}` → a user token (the user must exist). */
  private async mintFor(body: Body): Promise<ApiReply> {
    const userID = body['userID'];
    const platformID = body['platformID'];
    if (typeof userID !== 'string' || userID === '') return argsError('userID is empty');
    if (typeof platformID !== 'number' || !Number.isInteger(platformID)) return argsError('platformID must be an integer');
    if (!this.users.has(userID)) return fail(1004, 'RecordNotFoundError', `user not found ${userID}`);
    return ok(await this.tokens.mint(userID, platformID, platformName(platformID)));
  }

  /** §8, §9: reads the in-memory user map — during a deadlock it still answers, with frozen data. */
  private async onlineStatus(body: Body, req: IncomingMessage): Promise<ApiReply> {
    const denied = await this.requireManager(req);
    if (denied !== null) return denied;
    const ids = body['userIDs'];
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) return argsError('userIDs must be a list of strings');
    const data = ids.map((userID) => {
      const clients = this.ws.clients.getAll(userID);
      return {
        userID,
        status: clients.length > 0 ? 'online' : 'offline',
        detailPlatformStatus: clients.map((c) => ({
          platform: platformName(c.platformID),
          status: 'online',
          connID: c.ctx.connID,
          isBackground: c.isBackground,
          token: c.token,
        })),
      };
    });
    return ok(data);
  }

  /** §6.3 "other kick sources": KickUserConn on an RPC goroutine; tokens are not marked kicked in 3.5.1. */
  private async forceLogout(body: Body, req: IncomingMessage): Promise<ApiReply> {
    const denied = await this.requireManager(req);
    if (denied !== null) return denied;
    const userID = body['userID'];
    const platformID = body['platformID'];
    if (typeof userID !== 'string' || typeof platformID !== 'number') return argsError('userID and platformID are required');
    const { clients } = this.ws.clients.get(userID, platformID);
    for (const c of clients) {
      this.ws.tasks.go(`KickUserConn ${userID}/${platformID}`, (t) => t.frame('KickUserConn', () => c.kickOnlineMessage(t)));
    }
    return ok();
  }

  /** A manager's token; from v3.8.2 the IM admin's serves too (§14.1: the admin token replaces the manager's). */
  private requireManager(req: IncomingMessage): Promise<ApiReply | null> {
    const v38 = restFlavour(this.config.mode) === 'v3.8.2';
    return this.requireToken(req, (u) => this.users.isManager(u) || (v38 && this.users.isImAdmin(u)), 'is not a manager');
  }

  /** The `token` header, checked like the WS token (§9: JWT failure 1505, no hash 1507, kicked 1506), and an allowed user. */
  private async requireToken(req: IncomingMessage, allowed: (userID: string) => boolean, refusal: string): Promise<ApiReply | null> {
    const token = req.headers['token'];
    if (typeof token !== 'string' || token === '') return fail(1505, 'TokenUnknownError', 'header must have token');
    const parsed = await this.tokens.parse(token);
    if (!parsed.ok) return fail(1505, 'TokenUnknownError', `token ${parsed.failure}`);
    const status = this.tokens.statuses(parsed.claims.userID, platformName(parsed.claims.platformID))?.get(token);
    if (status === undefined) return fail(1507, 'TokenNotExistError', 'token not exist');
    if (status === TokenStatus.Kicked) return fail(1506, 'TokenKickedError', 'token kicked');
    if (!allowed(parsed.claims.userID)) return noPermission(`${parsed.claims.userID} ${refusal}`);
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
