/**
 * The register / unregister / kick machinery of `openim-msggateway`
 * (v3.5.1 `n_ws_server.go`, §7.1–7.5), with the structural variants of
 * §7.6 (blog-fix) and §7.9 (v3.8).
 *
 * The deadlock is not simulated: in `v3.5.1` mode one task drains
 * registerChan and unregisterChan, and a kick inside registerClient does a
 * blocking send into unregisterChan from that same task (§7.5). When the
 * buffer is full, nothing else can drain it.
 */
import { Chan, WaitGroup, select, type Task, type TaskRegistry } from './csp/index.js';
import { Client, type ClientHost, type ReaderExit } from './client.js';
import type { UserMap, UserStateChange } from './user-map.js';
import { FixedCostRpc } from './rpc.js';
import type { GatewayConfig } from './options.js';
import type { TokenService } from './token.js';
import type { MessageService } from './message-service.js';
import type { Cancel, TimeSource } from '../time/index.js';
import { encodeRespFrame, platformName, platformClass, type Resp } from '../protocol/openim/index.js';

/** Counters for the stats view; all monotonic except the gauges. */
export interface GatewayCounters {
  registered: number;
  unregistered: number;
  kicks: number;
  /** Kicks whose victim was still open (`closed == false`): only these send into unregisterChan (§7.5 point 2). */
  kicksOfOpenClients: number;
  /** Kicks whose victim is the registering client's own (pooled, reused) object (§13). */
  kicksOfSameObject: number;
  kickSelfSends: number;
  /** Unregisters of an object that had already been unregistered since its last register (§7.4 double close, §13 early unregister). */
  unregistersWithoutRegister: number;
  upgrades: number;
  handshakeRejected: number;
  readersStarted: number;
  readerExits: Record<ReaderExit, number>;
  statusChangesDropped: number;
  statusBatches: number;
  /** §14.3: pings written to Web clients (v3.8 heartbeat), and pongs read back by their readers. */
  webPings: number;
  webPongs: number;
}

/** A pool of client objects, like `sync.Pool`: Get returns any previously Put object (§13). */
class ClientPool {
  private readonly free: Client[] = [];
  private nextID = 1;
  created = 0;
  get(): Client {
    const c = this.free.pop();
    if (c !== undefined) return c;
    this.created++;
    return new Client(this.nextID++);
  }
  put(c: Client): void {
    this.free.push(c);
  }
  get size(): number {
    return this.free.length;
  }
}

export class WsServer implements ClientHost {
  readonly registerChan: Chan<Client>;
  readonly unregisterChan: Chan<Client>;
  readonly kickHandlerChan: Chan<Client>;
  private readonly done = new Chan<never>('done', 0);
  readonly pool = new ClientPool();
  /** `onlineUserNum`, `onlineUserConnNum` (atomic int64 upstream) and the Prometheus gauge `online_user_num` (§8). */
  onlineUserNum = 0;
  onlineUserConnNum = 0;
  onlineUserGauge = 0;
  readonly counters: GatewayCounters = {
    registered: 0,
    unregistered: 0,
    kicks: 0,
    kicksOfOpenClients: 0,
    kicksOfSameObject: 0,
    kickSelfSends: 0,
    unregistersWithoutRegister: 0,
    upgrades: 0,
    handshakeRejected: 0,
    readersStarted: 0,
    readerExits: { 'read error': 0, 'conn closed': 0, 'text frame': 0, 'client closed': 0, 'handle error': 0 },
    statusChangesDropped: 0,
    statusBatches: 0,
    webPings: 0,
    webPongs: 0,
  };
  readonly statusRpc: FixedCostRpc;
  /** v3.8: user state changes, sent without blocking (§7.9). */
  readonly statusChanges: Chan<UserStateChange> | null;
  readonly writeDeadlineMs: number;
  readonly lockBeforeCloseCheck: boolean;
  readonly webPingMs: number | null;
  /** The task currently running the (register) loop, to tell a self-send in the dump and counters. */
  private readonly loopTasks = new Set<Task>();
  private ticker: Cancel | null = null;
  /** Registers minus unregisters per pooled object (diagnostics only; not upstream state). */
  private readonly registerBalance = new WeakMap<Client, number>();

  constructor(
    readonly config: GatewayConfig,
    readonly tasks: TaskRegistry,
    readonly tokens: TokenService,
    readonly messages: MessageService,
    /** `clients *UserMap` (§7.1), shared with the message service for pushes. */
    readonly clients: UserMap<Client>,
    private readonly log: (line: string) => void,
  ) {
    this.registerChan = new Chan('registerChan', config.registerChanCap);
    this.unregisterChan = new Chan('unregisterChan', config.unregisterChanCap);
    this.kickHandlerChan = new Chan('kickHandlerChan', config.kickChanCap);
    this.statusRpc = new FixedCostRpc('user.SetUserStatus', config.statusRpcMs);
    this.writeDeadlineMs = config.writeDeadlineMs;
    this.lockBeforeCloseCheck = config.mode === 'v3.8';
    this.webPingMs = config.webPingMs;
    if (config.mode === 'v3.8') {
      const ch = new Chan<UserStateChange>('userStateChan', config.v38StatusChanCap);
      this.statusChanges = ch;
      this.clients.onChange = (change) => {
        // §7.9 (#2409): a non-blocking send; the change is dropped when the channel is full.
        if (!ch.closed && !ch.trySend(change)) this.counters.statusChangesDropped++;
      };
    } else {
      this.statusChanges = null;
    }
  }

  /** The gateway's one clock (the task registry's): tickers, deadlines, RPC costs. */
  get clock(): TimeSource {
    return this.tasks.clock;
  }

  /** `Run()`: start the loop(s) of the configured mode. */
  run(): void {
    if (this.config.mode === 'blog-fix') {
      // The write-up's fix: one consumer per channel (§7.6).
      this.spawnLoop('Run register loop', [this.registerChan, this.kickHandlerChan]);
      this.spawnLoop('Run unregister loop', [this.unregisterChan]);
    } else {
      this.spawnLoop('Run loop', [this.registerChan, this.unregisterChan, this.kickHandlerChan]);
    }
    if (this.statusChanges !== null) this.spawnStatusBatcher(this.statusChanges);
  }

  /** Stop the loops (the `done` channel). A wedged loop stays wedged, as in Go. */
  stop(): void {
    if (!this.done.closed) this.done.close();
    if (this.ticker !== null) this.ticker();
    this.ticker = null;
  }

  /** `wsHandler` after the upgrade (§1.5 steps 4–6): pool, blocking register put, then the reader. */
  accept(fields: Parameters<Client['reset']>[3], conn: Client['conn'], ctx: Client['ctx']): void {
    const client = this.pool.get();
    client.reset(ctx, conn, this, fields);
    this.counters.upgrades++;
    this.tasks.go(`wsHandler ${fields.userID}/${fields.platformID} ${ctx.remoteAddr}`, (t) =>
      t.frame('wsHandler', async () => {
        await this.registerChan.send(t, client);
        this.counters.readersStarted++;
        this.tasks.go(`readMessage ${fields.userID}/${fields.platformID} ${ctx.remoteAddr}`, (r) =>
          r.frame('readMessage', () => client.readMessage(r)),
        );
      }),
    );
  }

  /** `UnRegister`: the blocking send into unregisterChan (§7.4 step 5). */
  async unRegister(task: Task, client: Client): Promise<void> {
    if (this.loopTasks.has(task)) this.counters.kickSelfSends++;
    await this.unregisterChan.send(task, client);
  }

  encodeResp(client: Client, resp: Resp): Buffer {
    return encodeRespFrame(resp, {
      compression: client.isCompress ? 'gzip' : 'none',
      encoding: client.isJson ? 'json' : 'gob',
      typeId: this.config.respTypeId,
    });
  }

  handleMessage(task: Task, client: Client, message: Buffer): Promise<void> {
    return this.messages.handle(task, client, message);
  }

  heartbeat(kind: 'ping' | 'pong'): void {
    if (kind === 'ping') this.counters.webPings++;
    else this.counters.webPongs++;
  }

  readerExited(_client: Client, why: ReaderExit): void {
    this.counters.readerExits[why]++;
  }

  private spawnLoop(name: string, chans: readonly Chan<Client>[]): void {
    this.tasks.go(name, (t) =>
      t.frame('Run', async () => {
        this.loopTasks.add(t);
        const cases = [{ op: 'recv' as const, ch: this.done }, ...chans.map((ch) => ({ op: 'recv' as const, ch }))];
        for (;;) {
          const r = await select(t, cases);
          if (r.index <= 0) return;
          const ch = chans[r.index - 1];
          const client = (r as { value?: unknown }).value as Client | undefined;
          if (ch === undefined || client === undefined) return;
          if (ch === this.registerChan) await t.frame('registerClient', () => this.registerClient(t, client));
          else if (ch === this.unregisterChan) await t.frame('unregisterClient', () => this.unregisterClient(t, client));
          else await t.frame('multiTerminalLoginChecker', () => this.kickFromHandler(t, client));
        }
      }),
    );
  }

  /** §7.2 `registerClient`, on the loop. */
  private async registerClient(task: Task, client: Client): Promise<void> {
    const { clients: oldClients, userOK, clientOK } = this.clients.get(client.userID, client.platformID);
    if (!userOK) {
      this.clients.set(client.userID, client);
      this.onlineUserNum++;
      this.onlineUserGauge++;
      this.onlineUserConnNum++;
    } else {
      await task.frame('multiTerminalLoginChecker', () => this.multiTerminalLoginChecker(task, clientOK, oldClients, client));
      this.clients.set(client.userID, client);
      this.onlineUserConnNum++;
    }
    this.counters.registered++;
    this.registerBalance.set(client, (this.registerBalance.get(client) ?? 0) + 1);
    this.logState('register', client);
    if (this.statusChanges !== null) return; // v3.8: no RPC on the loop (§7.9, #2409)
    // §7.2 step 4: the status RPC runs in its own goroutine, but the loop waits for it.
    const wg = new WaitGroup('registerClient.wg');
    wg.add(1);
    this.tasks.go('SetUserOnlineStatus(Online)', (g) =>
      g.frame('SetUserOnlineStatus', async () => {
        try {
          await this.statusRpc.call(g);
        } finally {
          wg.done();
        }
      }),
    );
    await wg.wait(task);
  }

  /** §7.3 `unregisterClient`, on the loop; the client goes back to the pool even if its register is still queued (§13). */
  private async unregisterClient(task: Task, client: Client): Promise<void> {
    try {
      const isDeleteUser = this.clients.delete(client.userID, client.remoteAddr);
      if (isDeleteUser) {
        this.onlineUserNum--;
        this.onlineUserGauge--;
      }
      this.onlineUserConnNum--;
      this.counters.unregistered++;
      const balance = this.registerBalance.get(client) ?? 0;
      if (balance <= 0) this.counters.unregistersWithoutRegister++;
      else this.registerBalance.set(client, balance - 1);
      this.logState('unregister', client);
      if (this.statusChanges === null) await task.frame('SetUserOnlineStatus', () => this.statusRpc.call(task));
    } finally {
      this.pool.put(client);
    }
  }

  /** §6.3 / §7.5: the kick, on the loop. Policies per §6.2. */
  private async multiTerminalLoginChecker(task: Task, clientOK: boolean, oldClients: readonly Client[], newClient: Client): Promise<void> {
    const policy = this.config.multiLoginPolicy;
    if (policy === 5 && platformClass(newClient.platformID) === 'PC') return;
    if (policy !== 1 && policy !== 5) return;
    if (!clientOK) return;
    // v3.8 (#3480/#3511): old clients holding the same token are not kicked.
    const kick = this.statusChanges !== null ? oldClients.filter((c) => c.token !== newClient.token) : oldClients;
    if (kick.length === 0) return;
    const isDeleteUser = this.clients.deleteClients(newClient.userID, kick);
    if (isDeleteUser) this.onlineUserNum--; // §6.3 step 1; the gauge is not adjusted on this path (§8)
    for (const c of kick) {
      this.counters.kicks++;
      if (!c.closed) this.counters.kicksOfOpenClients++;
      if (c === newClient) this.counters.kicksOfSameObject++;
      this.logState('kick', c);
      await task.frame('KickOnlineMessage', () => c.kickOnlineMessage(task));
    }
    // §6.3 step 3: every other token of (user, platform) becomes KickedToken.
    this.tokens.kickOthers(newClient.userID, platformName(newClient.platformID), newClient.token);
  }

  /** kickHandlerChan items (other nodes' MultiTerminalLoginCheck, §6.3): the same checker, for the queued client. */
  private async kickFromHandler(task: Task, client: Client): Promise<void> {
    const { clients, clientOK } = this.clients.get(client.userID, client.platformID);
    await this.multiTerminalLoginChecker(task, clientOK, clients, client);
  }

  /**
   * v3.8 `ChangeOnlineStatus` (§7.9): changes are merged per user for a tick
   * (1 s), cut into batches (100), and sent by N workers through the status
   * RPC with a timeout (5 s) — all off the loop.
   */
  private spawnStatusBatcher(ch: Chan<UserStateChange>): void {
    const cfg = this.config;
    const tick = new Chan<true>('statusMergeTicker', 1);
    const batches = new Chan<UserStateChange[]>('statusBatchChan', cfg.v38StatusWorkers);
    this.ticker = this.clock.every(
      cfg.v38StatusMergeMs,
      () => {
        if (!tick.closed) tick.trySend(true); // time.Ticker drops ticks nobody takes
      },
      { unref: true },
    );
    const pending = new Map<string, UserStateChange>();
    this.tasks.go('ChangeOnlineStatus', (t) =>
      t.frame('ChangeOnlineStatus', async () => {
        const cases = [
          { op: 'recv' as const, ch: this.done },
          { op: 'recv' as const, ch },
          { op: 'recv' as const, ch: tick },
        ];
        for (;;) {
          const r = await select(t, cases);
          if (r.index === 0 || (r.index === 1 && r.ok === false)) return;
          if (r.index === 1) {
            const change = r.value as UserStateChange;
            pending.set(change.userID, change);
            if (pending.size < cfg.v38StatusBatchSize) continue;
          }
          if (pending.size === 0) continue;
          const all = [...pending.values()];
          pending.clear();
          for (let i = 0; i < all.length; i += cfg.v38StatusBatchSize) {
            await batches.send(t, all.slice(i, i + cfg.v38StatusBatchSize));
          }
        }
      }),
    );
    for (let i = 0; i < cfg.v38StatusWorkers; i++) {
      this.tasks.go(`ChangeOnlineStatus worker ${i}`, (w) =>
        w.frame('statusWorker', async () => {
          const cases = [
            { op: 'recv' as const, ch: this.done },
            { op: 'recv' as const, ch: batches },
          ];
          for (;;) {
            const r = await select(w, cases);
            if (r.index <= 0) return;
            this.counters.statusBatches++;
            await w.frame('SetUserOnlineStatus', () => this.statusRpc.callWithTimeout(w, cfg.v38StatusRpcTimeoutMs));
          }
        }),
      );
    }
  }

  private logState(event: string, client: Client): void {
    if (!this.config.verbose) return;
    this.log(
      `${event} user=${client.userID} platform=${client.platformID} addr=${client.remoteAddr} online_user_num=${this.onlineUserGauge} conns=${this.onlineUserConnNum} registerChan=${this.registerChan.len}/${this.registerChan.cap} unregisterChan=${this.unregisterChan.len}/${this.unregisterChan.cap}`,
    );
  }
}
