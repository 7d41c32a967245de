/**
 * The gateway's view of itself: a JSON stats snapshot and Prometheus text
 * (`online_user_num` with OpenIM's user-count semantics, §8, plus what
 * upstream does not export: queues, connections, the loop's state).
 */
import type { TaskSnapshot } from './csp/index.js';
import type { WsServer, GatewayCounters } from './ws-server.js';
import type { MessageService } from './message-service.js';
import { restFlavour, type GatewayMode, type RestFlavour } from './options.js';

interface QueueStats {
  readonly len: number;
  readonly cap: number;
  /** tasks blocked sending into it (handlers, closers, the loop itself) */
  readonly blockedSenders: number;
}

/** One loop task: what it is doing now. */
interface LoopStats {
  readonly name: string;
  readonly state: string;
  readonly waitingOn: string | null;
  readonly waitMs: number;
  readonly stack: readonly string[];
}

/** JSON served at `/stats` on the metrics port, and by `GatewayHandle.stats()`. */
export interface GatewayStats {
  readonly mode: GatewayMode;
  /** Which token REST API the gateway serves (§14.1). */
  readonly restFlavour: RestFlavour;
  /** Whether `isMsgResp=true` gets the text-frame handshake reply (§1.6, §14.2). */
  readonly msgResp: boolean;
  readonly uptimeMs: number;
  /** the Prometheus gauge `online_user_num` (distinct users, §8) */
  readonly onlineUserNum: number;
  /** the `onlineUserNum` atomic (also decremented by the kick path, §6.3) */
  readonly onlineUserNumCounter: number;
  readonly onlineUserConnNum: number;
  readonly userMap: { readonly users: number; readonly entries: number };
  readonly queues: { readonly register: QueueStats; readonly unregister: QueueStats; readonly kick: QueueStats };
  readonly connections: { readonly open: number };
  readonly counters: GatewayCounters;
  readonly messages: MessageService['counters'];
  readonly rpc: { readonly statusCalls: number; readonly messageCalls: number; readonly messageInFlight: number };
  readonly tasks: number;
  readonly loops: readonly LoopStats[];
  readonly pool: { readonly created: number; readonly free: number };
}

export function collectStats(ws: WsServer, messages: MessageService, openConnections: number, uptimeMs: number): GatewayStats {
  const tasks = ws.tasks.list();
  const loops = tasks.filter((t) => t.name.startsWith('Run ')).map(loopStats);
  const queue = (ch: WsServer['registerChan']): QueueStats => ({ len: ch.len, cap: ch.cap, blockedSenders: ch.sendWaiters });
  return {
    mode: ws.config.mode,
    restFlavour: restFlavour(ws.config.mode),
    msgResp: ws.config.msgResp,
    uptimeMs,
    onlineUserNum: ws.onlineUserGauge,
    onlineUserNumCounter: ws.onlineUserNum,
    onlineUserConnNum: ws.onlineUserConnNum,
    userMap: { users: ws.clients.userCount, entries: ws.clients.entryCount },
    queues: { register: queue(ws.registerChan), unregister: queue(ws.unregisterChan), kick: queue(ws.kickHandlerChan) },
    connections: { open: openConnections },
    counters: structuredClone(ws.counters),
    messages: { ...messages.counters },
    rpc: { statusCalls: ws.statusRpc.calls, messageCalls: messages.rpc.calls, messageInFlight: messages.rpc.inFlight },
    tasks: tasks.length,
    loops,
    pool: { created: ws.pool.created, free: ws.pool.size },
  };
}

function loopStats(t: TaskSnapshot): LoopStats {
  return { name: t.name, state: t.state, waitingOn: t.waitingOn, waitMs: Math.round(t.waitMs), stack: t.stack };
}

/** Prometheus text exposition format 0.0.4. */
export function prometheusText(s: GatewayStats): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number, labels = ''): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
  };
  metric('online_user_num', 'gauge', 'The number of user login', s.onlineUserNum);
  metric(
    'imstress_gateway_online_user_conn_num',
    'gauge',
    'onlineUserConnNum: registered connections as the loop counts them',
    s.onlineUserConnNum,
  );
  metric('imstress_gateway_user_map_entries', 'gauge', 'entries in the user map', s.userMap.entries);
  metric('imstress_gateway_open_connections', 'gauge', 'upgraded sockets still open', s.connections.open);
  for (const [name, q] of Object.entries(s.queues)) {
    metric(`imstress_gateway_${name}_queue_length`, 'gauge', `${name} channel buffered items`, q.len);
    metric(`imstress_gateway_${name}_queue_capacity`, 'gauge', `${name} channel capacity`, q.cap);
    metric(`imstress_gateway_${name}_queue_blocked_senders`, 'gauge', `tasks blocked sending into the ${name} channel`, q.blockedSenders);
  }
  metric('imstress_gateway_registered_total', 'counter', 'registerClient runs', s.counters.registered);
  metric('imstress_gateway_unregistered_total', 'counter', 'unregisterClient runs', s.counters.unregistered);
  metric('imstress_gateway_kicks_total', 'counter', 'clients kicked (2002)', s.counters.kicks);
  metric(
    'imstress_gateway_kick_self_sends_total',
    'counter',
    'sends into unregisterChan made by the loop itself',
    s.counters.kickSelfSends,
  );
  metric('imstress_gateway_upgrades_total', 'counter', 'handshakes upgraded (101 written)', s.counters.upgrades);
  metric('imstress_gateway_handshake_rejected_total', 'counter', 'handshakes refused with a JSON error', s.counters.handshakeRejected);
  metric('imstress_gateway_requests_total', 'counter', 'requests handled by readers', s.messages.requests);
  metric('imstress_gateway_pushes_total', 'counter', 'pushes (2001) written', s.messages.pushes);
  metric('imstress_gateway_tasks', 'gauge', 'live tasks (goroutines)', s.tasks);
  return `${lines.join('\n')}\n`;
}
