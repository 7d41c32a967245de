import type { TaskGroup, TaskSnapshot, TaskState } from './task-state.js';

/**
 * Groups tasks by (state, waitingOn, innermost frame) and counts them, the
 * analogue of `/debug/pprof/goroutine?debug=1`, which prints one entry per
 * distinct stack with a count. Most populous group first, then the group
 * holding the longest wait.
 */
export function summarizeTasks(tasks: readonly TaskSnapshot[]): TaskGroup[] {
  const groups = new Map<string, { -readonly [K in keyof TaskGroup]: TaskGroup[K] }>();
  for (const t of tasks) {
    const frame = t.stack.length > 0 ? (t.stack[t.stack.length - 1] ?? null) : null;
    const key = JSON.stringify([t.state, t.waitingOn, frame]);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { state: t.state, waitingOn: t.waitingOn, frame, count: 1, maxWaitMs: t.waitMs });
    } else {
      group.count++;
      group.maxWaitMs = Math.max(group.maxWaitMs, t.waitMs);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.maxWaitMs - a.maxWaitMs);
}

/**
 * Where each task frame lives in OpenIM v3.5.1 (openim-protocol.md §0 file
 * list, §7 for the loop and §7.4 for `close`), so the dump names the same
 * functions and files a Go dump of the real gateway would. Lines are not
 * known (the frames are ours, not compiled Go): printed as 0.
 */
const goFrames: Readonly<Record<string, { readonly func: string; readonly file: string }>> = {
  Run: { func: 'msggateway.(*WsServer).Run.func1', file: 'internal/msggateway/n_ws_server.go' },
  registerClient: { func: 'msggateway.(*WsServer).registerClient', file: 'internal/msggateway/n_ws_server.go' },
  unregisterClient: { func: 'msggateway.(*WsServer).unregisterClient', file: 'internal/msggateway/n_ws_server.go' },
  multiTerminalLoginChecker: { func: 'msggateway.(*WsServer).multiTerminalLoginChecker', file: 'internal/msggateway/n_ws_server.go' },
  wsHandler: { func: 'msggateway.(*WsServer).wsHandler', file: 'internal/msggateway/n_ws_server.go' },
  UnRegister: { func: 'msggateway.(*WsServer).UnRegister', file: 'internal/msggateway/n_ws_server.go' },
  KickUserConn: { func: 'msggateway.(*WsServer).KickUserConn', file: 'internal/msggateway/n_ws_server.go' },
  SetUserOnlineStatus: { func: 'msggateway.(*WsServer).SetUserOnlineStatus', file: 'internal/msggateway/n_ws_server.go' },
  ChangeOnlineStatus: { func: 'msggateway.(*WsServer).ChangeOnlineStatus', file: 'internal/msggateway/online.go' },
  statusWorker: { func: 'msggateway.(*WsServer).ChangeOnlineStatus.func1', file: 'internal/msggateway/online.go' },
  readMessage: { func: 'msggateway.(*Client).readMessage', file: 'internal/msggateway/client.go' },
  handleMessage: { func: 'msggateway.(*Client).handleMessage', file: 'internal/msggateway/client.go' },
  close: { func: 'msggateway.(*Client).close', file: 'internal/msggateway/client.go' },
  KickOnlineMessage: { func: 'msggateway.(*Client).KickOnlineMessage', file: 'internal/msggateway/client.go' },
  pushToUser: { func: 'msggateway.(*WsServer).pushToUser', file: 'internal/msggateway/hub_server.go' },
};

/**
 * The frame Go prints innermost for each wait (with GOTRACEBACK=system),
 * carrying the wait object's name as its argument, where a Go dump would
 * print the channel's or mutex's address.
 */
const waitFrames: Readonly<Partial<Record<TaskState, { readonly func: string; readonly file: string }>>> = {
  'chan send': { func: 'runtime.chansend1', file: 'runtime/chan.go' },
  'chan receive': { func: 'runtime.chanrecv1', file: 'runtime/chan.go' },
  select: { func: 'runtime.selectgo', file: 'runtime/select.go' },
  'sync.Mutex.Lock': { func: 'sync.(*Mutex).Lock', file: 'sync/mutex.go' },
  'sync.WaitGroup.Wait': { func: 'sync.(*WaitGroup).Wait', file: 'sync/waitgroup.go' },
  sleep: { func: 'time.Sleep', file: 'time/sleep.go' },
  rpc: { func: 'google.golang.org/grpc.(*ClientConn).Invoke', file: 'google.golang.org/grpc/call.go' },
  'IO wait': { func: 'internal/poll.(*FD).Read', file: 'internal/poll/fd_unix.go' },
};

/**
 * Renders tasks in Go's `goroutine?debug=2` format, one block per task,
 * longest-waiting first (ties: lower id first), so the dump parser in
 * `src/explain/` reads it as it reads a Go target's:
 *
 * ```
 * goroutine 7 [chan send, 12034 ms]:
 * runtime.chansend1(unregisterChan)
 * 	runtime/chan.go:0
 * msggateway.(*WsServer).UnRegister(...)
 * 	internal/msggateway/n_ws_server.go:0
 * …
 * msggateway.(*WsServer).Run.func1(Run loop)
 * 	internal/msggateway/n_ws_server.go:0
 * ```
 *
 * One addition to Go's header: the wait as `, N ms` (Go prints whole
 * minutes only, from the first minute; a hang is declared in seconds). The
 * outermost frame's argument is the task's name (the user and address of a
 * connection's tasks); signatures ignore arguments.
 */
export function formatTaskDump(tasks: readonly TaskSnapshot[]): string {
  const sorted = [...tasks].sort((a, b) => b.waitMs - a.waitMs || a.id - b.id);
  return sorted.map(formatTask).join('\n\n') + (sorted.length > 0 ? '\n' : '');
}

/** A task's frames as Go would name them, innermost first (the wait frame first when blocked). */
function goStack(t: TaskSnapshot): { readonly func: string; readonly file: string }[] {
  const out: { func: string; file: string }[] = [];
  const w = waitFrames[t.state];
  if (w !== undefined) out.push(w);
  for (let i = t.stack.length - 1; i >= 0; i--) {
    const name = t.stack[i] ?? '';
    out.push(goFrames[name] ?? { func: `msggateway.${name.replace(/[^\w.]/g, '_')}`, file: 'internal/msggateway/unknown.go' });
  }
  return out;
}

function formatTask(t: TaskSnapshot): string {
  const wait = t.state === 'running' || t.state === 'finished' ? '' : `, ${Math.round(t.waitMs)} ms`;
  const lines = [`goroutine ${t.id} [${t.state}${wait}]:`];
  const frames = goStack(t);
  const hasWait = waitFrames[t.state] !== undefined;
  frames.forEach((f, i) => {
    const args = hasWait && i === 0 ? (t.waitingOn ?? '...') : i === frames.length - 1 ? t.name.replace(/[()\n]/g, ' ') : '...';
    lines.push(`${f.func}(${args})`, `\t${f.file}:0`);
  });
  return lines.join('\n');
}

/**
 * Tasks in Go's `goroutine?debug=1` format: `goroutine profile: total N`,
 * then one record per distinct stack with its count, most populous first,
 * frames as `#\t0x0\tfunc+0x0\tfile:0` (no program counters here). The
 * wait object goes where Go prints pprof labels: `# labels: {"waitingOn":…}`.
 */
export function formatTaskProfile(tasks: readonly TaskSnapshot[]): string {
  const groups = new Map<string, { count: number; text: string }>();
  for (const t of tasks) {
    const frames = goStack(t).map((f) => `#\t0x0\t${f.func}+0x0\t${f.file}:0`);
    const labels = t.waitingOn === null ? [] : [`# labels: ${JSON.stringify({ waitingOn: t.waitingOn })}`];
    const text = [...labels, ...frames].join('\n');
    const g = groups.get(text);
    if (g === undefined) groups.set(text, { count: 1, text });
    else g.count++;
  }
  const records = [...groups.values()].sort((a, b) => b.count - a.count).map((g) => `${g.count} @ 0x0\n${g.text}\n`);
  return `goroutine profile: total ${tasks.length}\n${records.join('\n')}`;
}
