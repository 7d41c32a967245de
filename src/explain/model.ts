/**
 * The goroutine-dump model: what a Go `goroutine?debug=2` (or `debug=1`)
 * dump says about one goroutine, and what the embedded gateway's task dump
 * says about one task — the same shape, so one digest reads both.
 */

/** One call frame, innermost first in {@link Goroutine.frames}. */
export interface Frame {
  /** Fully qualified function, generics shown as Go prints them (`pkg.Map[...]`). */
  readonly func: string;
  /** The argument text between the parentheses, as printed (`0xc000010030`, `...`, or a task's wait object); ignored by signatures. */
  readonly args: string;
  /** Source file as printed (absolute, `./main.go` with -trimpath, or a module path). */
  readonly file: string;
  /** Line number; 0 when the dump does not give one (the embedded gateway's frames). */
  readonly line: number;
  /** Go prints inlined calls with `(...)` and no `+0x` offset. */
  readonly inlined: boolean;
}

/** Where the goroutine was started: Go's `created by f in goroutine N` line. */
export interface CreatedBy {
  readonly func: string;
  readonly file: string;
  readonly line: number;
  /** The creating goroutine (Go ≥ 1.21 prints it), else null. */
  readonly goroutine: number | null;
}

/**
 * One goroutine (debug=2) or one group of identical goroutines (debug=1,
 * which prints a count per distinct stack and no ids or states).
 */
export interface Goroutine {
  /** Goroutine id; null in a debug=1 dump. Ids are never reused while a process lives. */
  readonly id: number | null;
  /** How many goroutines this record stands for: 1 in debug=2, the `N @` count in debug=1. */
  readonly count: number;
  /** The wait reason (`chan send`, `select`, `semacquire`, `IO wait`, `running`…); `unknown` in debug=1. */
  readonly state: string;
  /** `(scan)`: the GC was scanning its stack when the dump was taken. */
  readonly scan: boolean;
  /** How long it has been blocked, in ms: Go prints whole minutes (only from 1 minute), the task dump ms; null when not printed. */
  readonly waitMs: number | null;
  /** `locked to thread` (runtime.LockOSThread). */
  readonly lockedToThread: boolean;
  /** Innermost first. */
  readonly frames: readonly Frame[];
  /** `...additional frames elided...`: Go cut the stack (deeper than 100 frames). */
  readonly framesElided: boolean;
  readonly createdBy: CreatedBy | null;
  /** What it waits on, by name (the embedded gateway's channel/mutex names); null in Go dumps, which print addresses at best. */
  readonly waitingOn: string | null;
}

/** What kind of wait a state is: decides whether a goroutine can be "stuck" at all. */
export type WaitClass =
  /** waits for another goroutine to act: chan send, lock, WaitGroup, an RPC that must answer */
  | 'blocked'
  /** waits for work to arrive: chan receive, select, IO wait, sleep — normal for an idle server */
  | 'idle'
  /** running, runnable, in a syscall */
  | 'active'
  | 'unknown';

const blockedStates = new Set([
  'chan send',
  'chan send (nil chan)',
  'sync.Mutex.Lock',
  'sync.RWMutex.Lock',
  'sync.RWMutex.RLock',
  'semacquire',
  'sync.WaitGroup.Wait',
  'sync.Cond.Wait',
  'rpc',
  'select (no cases)',
  'chan receive (nil chan)',
]);
const idleStates = new Set([
  'chan receive',
  'select',
  'IO wait',
  'sleep',
  'timer goroutine (idle)',
  'GC worker (idle)',
  'finalizer wait',
  'force gc (idle)',
  'GC sweep wait',
  'GC scavenge wait',
  'trace reader (blocked)',
  'wait for GC cycle',
  'debug call',
]);
const activeStates = new Set(['running', 'runnable', 'syscall', 'finished']);

/** Classifies a Go wait reason (runtime2.go waitReasonStrings) or a task state. */
export function waitClass(state: string): WaitClass {
  if (blockedStates.has(state)) return 'blocked';
  if (idleStates.has(state)) return 'idle';
  if (activeStates.has(state)) return 'active';
  return 'unknown';
}

/** True for frames of the Go runtime and standard sync/time packages, which say how a goroutine waits, not where in the program. */
export function isRuntimeFrame(f: Frame): boolean {
  return /^(runtime|sync|time|internal\/poll|internal\/sync)[./]/.test(f.func) || f.func.startsWith('google.golang.org/grpc.');
}

/** `file:line` shortened to the file name, or just the file when the line is unknown. */
export function site(f: { readonly file: string; readonly line: number }): string {
  const base = f.file.slice(f.file.lastIndexOf('/') + 1);
  return f.line > 0 ? `${base}:${f.line}` : base;
}

/** The function name without its package path (`msggateway.(*WsServer).Run.func1`). */
export function shortFunc(func: string): string {
  return func.slice(func.lastIndexOf('/') + 1);
}
