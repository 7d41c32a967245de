/**
 * What the engine can learn from the server itself: its online count
 * (Prometheus text, `online_user_num` by default, §8) and a dump of what its
 * goroutines or tasks are blocked on. Every fetch has a timeout.
 */
import { readGauge } from '../protocol/prometheus/parse.js';

export interface ServerProbe {
  /** The online count, or null when it cannot be read right now. */
  onlineCount(): Promise<number | null>;
  /** A goroutine / task dump for the hang evidence, or null. */
  dump(): Promise<{ source: string; text: string } | null>;
  /** Extra server state for the evidence (the embedded gateway's /stats), or null. */
  stats(): Promise<unknown>;
}

const fetchTimeoutMs = 3000;
/** Dumps of thousands of blocked goroutines are large: keep the start. */
/** Reads a probe's online count with at most one fetch in flight, handing each reading to `onCount`. */
export class OnlineCountPoller {
  private inFlight = false;

  constructor(
    private readonly probe: ServerProbe | null,
    private readonly onCount: (n: number) => void,
  ) {}

  /** Starts a fetch unless one is still running (a slow server must not pile up requests). */
  poll(): void {
    if (this.probe === null || this.inFlight) return;
    this.inFlight = true;
    void this.probe.onlineCount().then((n) => {
      this.inFlight = false;
      if (n !== null) this.onCount(n);
    });
  }
}

export const maxDumpChars = 512 * 1024;

/** A metrics page larger than this is not a gateway's (OpenIM's is a few kB): not read. */
const maxMetricsBytes = 8 * 1024 * 1024;

/**
 * GET `url` as text: null on any failure or non-200. The timeout bounds the
 * body too, and at most `maxBytes` are kept, so a hostile endpoint that
 * streams without end costs neither unbounded time nor memory. `whole`
 * false: a longer body is cut (the dump keeps its start); true: it is null.
 */
async function getText(url: string, maxBytes: number, whole: boolean): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (res.status !== 200 || res.body === null) {
      await res.body?.cancel();
      return null;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        if (whole) return null;
        break;
      }
    }
    const body = Buffer.concat(chunks);
    return (body.length > maxBytes ? body.subarray(0, maxBytes) : body).toString('utf8');
  } catch {
    return null;
  }
}

export interface ProbeOptions {
  /** Prometheus text endpoint; null = no online count */
  readonly metricsUrl: string | null;
  readonly gaugeName: string;
  /** Go `/debug/pprof/` base (goroutine?debug=2 is appended); null = none */
  readonly pprofUrl: string | null;
  /** JSON stats endpoint (embedded gateway); null = none */
  readonly statsUrl: string | null;
  /** label for the dump source in reports */
  readonly dumpLabel: string;
}

export function createServerProbe(o: ProbeOptions): ServerProbe {
  return {
    onlineCount: async () => {
      if (o.metricsUrl === null) return null;
      const text = await getText(o.metricsUrl, maxMetricsBytes, true);
      if (text === null) return null;
      try {
        return readGauge(text, o.gaugeName);
      } catch {
        return null;
      }
    },
    dump: async () => {
      if (o.pprofUrl === null) return null;
      const url = new URL('goroutine?debug=2', o.pprofUrl.endsWith('/') ? o.pprofUrl : `${o.pprofUrl}/`).toString();
      // One byte past the cap, so the engine still sees the dump was truncated.
      const text = await getText(url, maxDumpChars + 1, false);
      return text === null ? null : { source: `${o.dumpLabel} ${url}`, text };
    },
    stats: async () => {
      if (o.statsUrl === null) return null;
      const text = await getText(o.statsUrl, maxMetricsBytes, true);
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    },
  };
}
