/**
 * What the engine can learn from the server itself: its online count
 * (Prometheus text, `online_user_num` by default, §8) and a dump of what its
 * goroutines or tasks are blocked on. Every fetch has a timeout.
 */
import { readGauge } from '../protocol/prometheus/index.js';

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
export const maxDumpChars = 512 * 1024;

async function getText(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (res.status !== 200) return null;
    return await res.text();
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
      const text = await getText(o.metricsUrl);
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
      const text = await getText(url);
      return text === null ? null : { source: `${o.dumpLabel} ${url}`, text };
    },
    stats: async () => {
      if (o.statsUrl === null) return null;
      const text = await getText(o.statsUrl);
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    },
  };
}
