/**
 * `startGateway(options)`: the embedded reference gateway — WS port, REST
 * API port, metrics port — bound to loopback unless told otherwise.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import { createUpgradeServer, type WebSocket } from '../transport/ws.js';
import type { TaskRegistry } from './csp/index.js';
import { resolveGatewayConfig, type GatewayConfig, type GatewayOptions } from './options.js';
import type { WsServer } from './ws-server.js';
import { createGatewayCore, type GatewayHooks } from './core.js';
import { checkHandshake, errorBody, msgRespSuccessBody, wantsMsgResp, type HandshakeFields } from './handshake.js';
import { RestApi } from './api.js';
import { metricsHandler } from './metrics-server.js';
import type { GatewayStats } from './stats.js';
import { ImstressError } from '../errors.js';

/** A running gateway. */
export interface GatewayHandle {
  readonly config: GatewayConfig;
  /** ws://host:port/ */
  readonly wsUrl: string;
  readonly apiUrl: string | null;
  readonly metricsUrl: string | null;
  readonly ws: WsServer;
  readonly tasks: TaskRegistry;
  stats(): GatewayStats;
  /** Stops listening, drops every socket; a wedged loop is abandoned, as a killed process would be. */
  close(): Promise<void>;
}

export type { GatewayHooks } from './core.js';

export async function startGateway(options: GatewayOptions = {}, hooks: GatewayHooks = {}): Promise<GatewayHandle> {
  const config = resolveGatewayConfig(options);
  const core = createGatewayCore(config, hooks);
  const { tasks, tokens, users, ws } = core;
  const sockets = new Set<WebSocket>();

  // §5: 51200-byte limit (ws answers 1009 as gorilla does); pongs are written by the reader's ping handler.
  const wss = createUpgradeServer({ maxPayload: config.maxMessageSize, autoPong: false });

  const httpServer = createServer((req, res) => {
    // A plain GET runs the same checks (§8: a liveness probe answers 1602); if they pass, gorilla refuses the
    // non-WebSocket request with 400 and the handler appends its JSON (§1.3 row 8).
    req.resume();
    void checkHandshake(req, handshakeContext()).then((r) => {
      if (!r.ok) {
        ws.counters.handshakeRejected++;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(errorBody(r.error));
      } else {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'sec-websocket-version': '13' });
        res.end(
          `Bad Request\n${errorBody({ errCode: 500, errMsg: "websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header", errDlt: '' })}`,
        );
      }
    });
  });
  httpServer.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    void checkHandshake(req, handshakeContext()).then((r) => {
      if (socket.destroyed) return;
      // §1.6 / §14.2: with isMsgResp the server upgrades first and answers in a text frame.
      const msgResp = config.msgResp && wantsMsgResp(req);
      if (!r.ok && msgResp) {
        ws.counters.handshakeRejected++;
        wss.handleUpgrade(req, socket, head, (conn) => {
          sockets.add(conn);
          conn.on('close', () => sockets.delete(conn));
          conn.on('error', () => undefined);
          // The refusal, then the TCP connection is closed (no close frame), as upstream does.
          conn.send(errorBody(r.error), { binary: false }, () => conn.terminate());
        });
        return;
      }
      if (!r.ok) {
        ws.counters.handshakeRejected++;
        const body = errorBody(r.error);
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (conn) => {
        // §14.2: the success frame goes out before `registerChan <- client`, so a wedged loop still sends it.
        if (msgResp) conn.send(msgRespSuccessBody, { binary: false });
        upgraded(conn, socket, r.fields);
      });
    });
  });

  function handshakeContext(): Parameters<typeof checkHandshake>[1] {
    return { onlineUserConnNum: ws.onlineUserConnNum, maxConnNum: config.maxConnNum, tokens, acceptsSdkType: config.mode === 'v3.8' };
  }

  function upgraded(conn: WebSocket, socket: Socket, fields: HandshakeFields): void {
    sockets.add(conn);
    conn.on('close', () => sockets.delete(conn));
    const remoteAddr =
      socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]:${socket.remotePort}` : `${socket.remoteAddress}:${socket.remotePort}`;
    core.attach(conn, remoteAddr, fields);
  }

  const api = config.apiPort === null ? null : createServer((req, res) => restApi.handle(req, res));
  const restApi = new RestApi(config, tokens, users, ws);
  const stats = (): GatewayStats => core.stats(sockets.size);
  const metrics = config.metricsPort === null ? null : createServer(metricsHandler(stats, tasks));

  const listening: Server[] = [];
  try {
    const wsPort = await listen(httpServer, config.host, config.port, '--port');
    listening.push(httpServer);
    const apiPort = api === null || config.apiPort === null ? null : await listen(api, config.host, config.apiPort, '--api-port');
    if (api !== null) listening.push(api);
    const metricsPort =
      metrics === null || config.metricsPort === null ? null : await listen(metrics, config.host, config.metricsPort, '--metrics-port');
    if (metrics !== null) listening.push(metrics);
    ws.run();
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      config,
      wsUrl: `ws://${host}:${wsPort}/`,
      apiUrl: apiPort === null ? null : `http://${host}:${apiPort}`,
      metricsUrl: metricsPort === null ? null : `http://${host}:${metricsPort}`,
      ws,
      tasks,
      stats,
      close: async () => {
        ws.stop();
        for (const s of sockets) s.terminate();
        await Promise.all(listening.map((s) => closeServer(s)));
      },
    };
  } catch (err) {
    await Promise.all(listening.map((s) => closeServer(s)));
    throw err;
  }
}

function listen(server: Server, host: string, port: number, flag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new ImstressError(
          err.code === 'EADDRINUSE' ? 'port_in_use' : 'listen_failed',
          `${flag}: cannot listen on ${host}:${port}: ${err.message}`,
          {
            hint: err.code === 'EADDRINUSE' ? `choose another ${flag}, or 0 for a free port` : undefined,
            cause: err,
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
