/**
 * The gateway without its listeners: the task registry, the loop
 * (`WsServer`), tokens, users and the message service, all on one clock.
 * `startGateway` puts HTTP, WebSocket, REST and metrics servers in front of
 * it; a test can instead hand it scripted sockets and a manual clock, and
 * the same loop code runs (openim-protocol.md §7) with no network and no
 * real waits.
 */
import { TaskRegistry, seededRandom } from './csp/index.js';
import type { GatewayConfig } from './options.js';
import { TokenService } from './token.js';
import { UserStore } from './user-store.js';
import { WsServer } from './ws-server.js';
import { UserMap } from './user-map.js';
import type { Client } from './client.js';
import { MessageService } from './message-service.js';
import { GatewayConn, type GatewaySocket } from './conn.js';
import type { HandshakeFields } from './handshake.js';
import { collectStats, type GatewayStats } from './stats.js';
import { systemClock, type TimeSource } from '../time/index.js';

/** Side channels of a gateway: its log, panic reports and clock. */
export interface GatewayHooks {
  /** Where `--verbose` lines go (the CLI passes stderr). */
  readonly log?: (line: string) => void;
  /** A task's function rejected (a bug in the model, like a Go panic). */
  readonly onPanic?: (taskName: string, error: unknown) => void;
  /** Every timer and time reading of the gateway; default the real clock. */
  readonly clock?: TimeSource;
}

/** A gateway's moving parts, not yet running (call `ws.run()`). */
export interface GatewayCore {
  readonly config: GatewayConfig;
  readonly tasks: TaskRegistry;
  readonly ws: WsServer;
  readonly tokens: TokenService;
  readonly users: UserStore;
  readonly messages: MessageService;
  /**
   * After a handshake passed (§1.5 steps 4–6): wrap the upgraded socket and
   * hand the client to `wsHandler`, which blocks on `registerChan <- client`
   * before it starts the reader.
   */
  attach(socket: GatewaySocket, remoteAddr: string, fields: HandshakeFields): void;
  /** The stats snapshot, given how many sockets are open. */
  stats(openSockets: number): GatewayStats;
}

/**
 * Builds a gateway's parts on `hooks.clock` (default the real clock): one
 * task registry, whose clock every timer of the gateway uses. Nothing
 * listens and no loop runs until `ws.run()`.
 */
export function createGatewayCore(config: GatewayConfig, hooks: GatewayHooks = {}): GatewayCore {
  const clock = hooks.clock ?? systemClock;
  const tasks = new TaskRegistry({
    clock,
    ...(config.seed === null ? {} : { random: seededRandom(config.seed) }),
    onPanic: (task, error) => hooks.onPanic?.(task.name, error),
  });
  const tokens = new TokenService(config.secret, config.tokenExpireDays, clock);
  const users = new UserStore(config.managerUserIDs, config.imAdminUserID);
  // The message service pushes to the connections the loop registers: both share the user map.
  const clients = new UserMap<Client>();
  const messages = new MessageService(config, tasks, clients, users);
  const ws = new WsServer(config, tasks, tokens, messages, clients, hooks.log ?? (() => undefined));
  const startedAt = clock.now();
  let connSerial = 0; // per gateway, not per process
  return {
    config,
    tasks,
    ws,
    tokens,
    users,
    messages,
    attach(socket, remoteAddr, fields) {
      const gc = new GatewayConn(socket, remoteAddr, config.readDeadlineMs, clock);
      const connID = `${fields.userID}_${fields.platformID}_${(++connSerial).toString(16)}`;
      ws.accept(
        { userID: fields.userID, platformID: fields.platformID, token: fields.token, isCompress: fields.isCompress, isJson: fields.isJson },
        gc,
        { remoteAddr, operationID: fields.operationID, connID },
      );
    },
    stats: (openSockets) => collectStats(ws, messages, openSockets, clock.now() - startedAt),
  };
}
