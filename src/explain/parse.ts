/**
 * A streaming parser for Go goroutine dumps: `goroutine?debug=2` (one block
 * per goroutine, as `runtime.Stack(buf, true)` and a panic print them) and
 * `goroutine?debug=1` (one block per distinct stack, with a count). It reads
 * a line at a time and hands each goroutine out as soon as its block ends,
 * so a 100k-goroutine dump is never held as a whole (the digest keeps only
 * one copy of each distinct stack).
 *
 * Tolerated, because real dumps have them: `(scan)`, `N minutes`, `locked to
 * thread`, unknown extra header items, `gp=… m=…` (GOTRACEBACK=crash),
 * `created by f in goroutine N` (Go ≥ 1.21) and without it, elided frames,
 * generics `[...]`, inlined `(...)` frames, `fp= sp= pc=` suffixes, text
 * before the first goroutine (a panic message), CRLF line ends. The
 * embedded gateway's task dump adds `, N ms` to the header
 * (`src/gateway/csp/task-dump.ts`), read here as the wait.
 */
import type { CreatedBy, Frame, Goroutine } from './model.js';

const headerRe = /^goroutine (\d+)(?: [^[]*)? \[([^\]]*)\]:\s*$/;
const debug1HeaderRe = /^(\d+) @(?: 0x[0-9a-f]+)*\s*$/;
const debug1FrameRe = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)\s*$/;
/** C0 (but tab) and C1 controls, and DEL. */
const controlRe = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const controlReAll = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const fileTailRe = /^(?:\s+\+0x[0-9a-f]+)?(?:\s+[a-z]+=0x[0-9a-f]+)*\s*$/;

/**
 * `\t/path/file.go:123 +0x1d fp=… sp=… pc=…` → file and line; null when the
 * line is not one. By hand, not one regex: it is most lines of a dump, and
 * a lazy `(.+?):(\d+)` backtracks over every character of the path.
 */
function fileAt(line: string): { file: string; line: number } | null {
  let start = 0;
  while (start < line.length && (line.charCodeAt(start) === 9 || line.charCodeAt(start) === 32)) start++;
  if (start === 0) return null;
  // The number after the last ':' before the first ' +0x' / ' fp=' (paths may hold ':', e.g. C:/ or module@v1:).
  let end = line.indexOf(' ', start);
  while (end >= 0 && !fileTailRe.test(line.slice(end))) end = line.indexOf(' ', end + 1);
  if (end < 0) end = line.length;
  const colon = line.lastIndexOf(':', end);
  if (colon <= start) return null;
  let n = 0;
  for (let i = colon + 1; i < end; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return colon + 1 === end ? null : { file: line.slice(start, colon), line: n };
}
const createdRe = /^created by (.+?)(?: in goroutine (\d+))?\s*$/;
/** Wait-object frames the embedded gateway prints innermost (task-dump.ts): their argument names the channel/mutex. */
const waitFuncs = new Set([
  'runtime.chansend1',
  'runtime.chanrecv1',
  'runtime.selectgo',
  'sync.(*Mutex).Lock',
  'sync.(*WaitGroup).Wait',
  'time.Sleep',
  'google.golang.org/grpc.(*ClientConn).Invoke',
  'internal/poll.(*FD).Read',
]);

interface Building {
  id: number | null;
  count: number;
  state: string;
  scan: boolean;
  waitMs: number | null;
  lockedToThread: boolean;
  frames: Frame[];
  framesElided: boolean;
  createdBy: CreatedBy | null;
  /** a function line read, waiting for its file line */
  pendingFunc: { func: string; args: string } | null;
  pendingCreated: { func: string; goroutine: number | null } | null;
  /** debug=1: the task dump's `# labels: {"waitingOn":…}` */
  labelWaitingOn: string | null;
}

/** Splits `pkg.(*T).f[...](0x1, ...)` into function and argument text; null when the line is not a call. */
export function splitCall(line: string): { func: string; args: string } | null {
  const s = line.trimEnd();
  if (!s.endsWith(')')) return null;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const func = s.slice(0, i);
        // A receiver `(*T)` ends in ')' too: the args paren is the last balanced one, and a function name is never empty.
        return func.length === 0 ? null : { func, args: s.slice(i + 1, -1) };
      }
    }
  }
  return null;
}

/** The `waitingOn` pprof label of a debug=1 record (`{"waitingOn":"registerChan"}`), else null. */
function labelWaitingOn(json: string): string | null {
  try {
    const v = JSON.parse(json) as unknown;
    const w = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['waitingOn'] : undefined;
    return typeof w === 'string' ? w : null;
  } catch {
    return null; // Go prints labels as a map literal that is not always JSON
  }
}

/** Reads the header's bracket: `chan send (scan), 3 minutes, locked to thread`. */
function readState(b: Building, bracket: string): void {
  const [first = '', ...rest] = bracket.split(', ');
  b.scan = first.endsWith(' (scan)');
  b.state = b.scan ? first.slice(0, -' (scan)'.length) : first;
  for (const item of rest) {
    const minutes = /^(\d+) minutes?$/.exec(item);
    const ms = /^(\d+) ms$/.exec(item);
    if (minutes !== null) b.waitMs = Number(minutes[1]) * 60_000;
    else if (ms !== null) b.waitMs = Number(ms[1]);
    else if (item === 'locked to thread') b.lockedToThread = true;
    else if (item === '(scan)') b.scan = true;
    // other items (synctest bubbles, future additions) say nothing the digest uses
  }
}

/**
 * Line-at-a-time parser. Feed lines with {@link DumpParser.line}, then call
 * {@link DumpParser.end}; each complete goroutine goes to `emit`.
 */
export class DumpParser {
  private cur: Building | null = null;
  /** Lines that were neither a header nor part of a goroutine block (a panic message, a truncated tail). */
  skipped = 0;
  /** Goroutines handed out. */
  emitted = 0;

  constructor(private readonly emit: (g: Goroutine) => void) {}

  /** Feeds one line (without its `\n`; a trailing `\r` is dropped). */
  line(raw: string): void {
    const cut = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A dump comes from the target: no control character reaches a terminal through a function name or argument.
    const line = controlRe.test(cut) ? cut.replace(controlReAll, '?') : cut;
    const c0 = line.charCodeAt(0);
    // Most lines of a large dump are file lines: settle them before trying any header regex.
    if (
      c0 === 9 &&
      this.cur !== null &&
      (this.cur.pendingFunc !== null || this.cur.pendingCreated !== null) &&
      this.fileLine(this.cur, line)
    )
      return;
    if (c0 === 103 /* g */) {
      const h = headerRe.exec(line);
      if (h !== null) return this.start(Number(h[1]), 1, h[2] ?? '');
    } else if (c0 >= 48 && c0 <= 57) {
      const d1 = debug1HeaderRe.exec(line);
      if (d1 !== null) return this.start(null, Number(d1[1]), 'unknown');
    }
    const b = this.cur;
    if (b === null) {
      if (line.trim() !== '') this.skipped++;
      return;
    }
    if (line.trim() === '') return this.flush();
    if (line.startsWith('#')) {
      const f = debug1FrameRe.exec(line);
      if (f !== null) b.frames.push({ func: f[1] ?? '', args: '', file: f[2] ?? '', line: Number(f[3]), inlined: false });
      else if (line.startsWith('# labels: ')) b.labelWaitingOn = labelWaitingOn(line.slice('# labels: '.length));
      return;
    }
    if (line.startsWith('...') && line.includes('frames elided')) {
      b.framesElided = true;
      return;
    }
    const created = createdRe.exec(line);
    if (created !== null) {
      b.pendingCreated = { func: created[1] ?? '', goroutine: created[2] === undefined ? null : Number(created[2]) };
      return;
    }
    const call = splitCall(line);
    if (call !== null && !line.startsWith('\t')) {
      this.takePending(b);
      b.pendingFunc = call;
      return;
    }
    this.skipped++;
  }

  /** A `\tfile:line +0x…` line completing the pending frame or creator; false when the line is not one. */
  private fileLine(b: Building, line: string): boolean {
    const at = fileAt(line);
    if (at === null) return false;
    const pf = b.pendingFunc;
    if (b.pendingCreated !== null) {
      b.createdBy = { func: b.pendingCreated.func, file: at.file, line: at.line, goroutine: b.pendingCreated.goroutine };
      b.pendingCreated = null;
    } else if (pf !== null) {
      // Explicit literals, not spreads: one shape for every frame, and this runs for most lines of a dump.
      b.frames.push({ func: pf.func, args: pf.args, file: at.file, line: at.line, inlined: pf.args === '...' && !line.includes('+0x') });
      b.pendingFunc = null;
    }
    return true;
  }

  /** Ends the input: the last goroutine (a dump need not end in a blank line). */
  end(): void {
    this.flush();
  }

  private start(id: number | null, count: number, bracket: string): void {
    this.flush();
    const b: Building = {
      id,
      count,
      state: 'unknown',
      scan: false,
      waitMs: null,
      lockedToThread: false,
      frames: [],
      framesElided: false,
      createdBy: null,
      pendingFunc: null,
      pendingCreated: null,
      labelWaitingOn: null,
    };
    if (id !== null) readState(b, bracket);
    this.cur = b;
  }

  /** A function line whose file line never came (a cut dump): kept, with no file. */
  private takePending(b: Building): void {
    if (b.pendingFunc !== null) b.frames.push({ ...b.pendingFunc, file: '', line: 0, inlined: b.pendingFunc.args === '...' });
    b.pendingFunc = null;
  }

  private flush(): void {
    const b = this.cur;
    if (b === null) return;
    this.cur = null;
    this.takePending(b);
    if (b.pendingCreated !== null) b.createdBy = { func: b.pendingCreated.func, goroutine: b.pendingCreated.goroutine, file: '', line: 0 };
    const inner = b.frames[0];
    const waitingOn =
      inner !== undefined && waitFuncs.has(inner.func) && /^[A-Za-z_][\w .,:/-]*$/.test(inner.args) && !/^0x/.test(inner.args)
        ? inner.args
        : b.labelWaitingOn;
    this.emitted++;
    this.emit({
      id: b.id,
      count: b.count,
      state: b.state,
      scan: b.scan,
      waitMs: b.waitMs,
      lockedToThread: b.lockedToThread,
      frames: b.frames,
      framesElided: b.framesElided,
      createdBy: b.createdBy,
      waitingOn,
    });
  }
}

/** Calls `fn` on each line of `text` without building an array of lines. */
function forEachLine(text: string, fn: (line: string) => void): void {
  let from = 0;
  while (from < text.length) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    fn(text.slice(from, to));
    from = to + 1;
  }
}

/** Parses a whole dump held in memory (tests, a report's saved dump). */
export function parseDump(text: string): Goroutine[] {
  const out: Goroutine[] = [];
  const p = new DumpParser((g) => out.push(g));
  forEachLine(text, (l) => p.line(l));
  p.end();
  return out;
}

/** Streams a dump from chunks (a file read stream, an HTTP body): lines are cut at `\n`, never the whole text held. */
export async function parseDumpChunks(chunks: AsyncIterable<string | Uint8Array>, emit: (g: Goroutine) => void): Promise<DumpParser> {
  const p = new DumpParser(emit);
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      carry = text;
      continue;
    }
    forEachLine(text.slice(0, last), (l) => p.line(l));
    carry = text.slice(last + 1);
  }
  carry += decoder.decode();
  if (carry !== '') p.line(carry);
  p.end();
  return p;
}
