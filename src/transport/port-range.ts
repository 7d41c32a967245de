/**
 * The pre-run port check (design.md "Churn and the port range"). Every
 * connection to one target address needs its own local port per source
 * address, and a TCP connection closed first by this side keeps its 4-tuple
 * in TIME_WAIT for 60 s. imstress lets the target close TCP after the
 * WebSocket close handshake (RFC 6455 §7.1.1), so normally only the open
 * connections hold local ports; the rate matters when the target waits for
 * the client to close instead. The check warns; it never stops a run.
 */
import { readFileSync } from 'node:fs';

/** Linux's fixed TIME_WAIT length (TCP_TIMEWAIT_LEN). */
const timeWaitSeconds = 60;

/** The ephemeral port range, both ends included. */
interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** What the kernel says; null when it cannot be read (not Linux, or no /proc). */
export interface PortFacts {
  readonly range: PortRange | null;
  /** `net.ipv4.tcp_tw_reuse`: 0 off, 1 on, 2 loopback only (the Linux default); null unknown */
  readonly twReuse: number | null;
}

export function readPortFacts(procDir = '/proc/sys/net/ipv4'): PortFacts {
  const read = (name: string): number[] | null => {
    try {
      const nums = readFileSync(`${procDir}/${name}`, 'utf8').trim().split(/\s+/).map(Number);
      return nums.every((n) => Number.isInteger(n) && n >= 0) ? nums : null;
    } catch {
      return null;
    }
  };
  const r = read('ip_local_port_range');
  const tw = read('tcp_tw_reuse');
  const low = r?.[0];
  const high = r?.[1];
  return {
    range: low !== undefined && high !== undefined && high >= low ? { low, high } : null,
    twReuse: tw?.[0] ?? null,
  };
}

/** What the run will ask of the port range. */
export interface PortPlan {
  /** most connections this process holds open at once (users, twice that with --overlap) */
  readonly connections: number;
  /** source addresses taking turns (--local-address) */
  readonly sources: number;
  /** most new connections per second, when the configuration bounds it (a think time); null otherwise */
  readonly connectsPerSec: number | null;
  readonly loopbackTarget: boolean;
}

const widen =
  'widen it with `sudo sysctl -w net.ipv4.ip_local_port_range="1024 65535"`, or spread the connections over source addresses with --local-address (for a loopback target: 127.0.0.1,127.0.0.2,…)';

/** The warnings for this plan; empty when it fits or the kernel's facts are unknown. */
export function portRangeWarnings(facts: PortFacts, plan: PortPlan): string[] {
  if (facts.range === null) return [];
  const { low, high } = facts.range;
  const perSource = high - low + 1;
  const ports = perSource * plan.sources;
  const sources = plan.sources === 1 ? 'one source address' : `${plan.sources} source addresses`;
  const out: string[] = [];
  if (plan.connections > ports) {
    out.push(
      `up to ${n(plan.connections)} connections open at once to the target, but the local port range ${low}–${high} gives ${n(perSource)} per source address (${sources}, ${n(ports)} in all): connects beyond that fail as local-port-exhausted; ${widen}`,
    );
  }
  // TIME_WAIT ports on this side can be reused for new outgoing connections when tcp_tw_reuse allows it.
  const reused = facts.twReuse === 1 || (facts.twReuse === 2 && plan.loopbackTarget);
  if (!reused && plan.connectsPerSec !== null) {
    const free = ports - Math.min(plan.connections, ports);
    const lasts = free / plan.connectsPerSec;
    if (lasts < timeWaitSeconds) {
      out.push(
        `up to ${n(Math.round(plan.connectsPerSec))} new connections/s: imstress lets the target close TCP first, but a target that waits for the client to close leaves each cycle's port in TIME_WAIT here for ${timeWaitSeconds} s, and the ${n(free)} free local ports would run out after ${lasts.toFixed(1)} s; ${widen}`,
      );
    }
  }
  return out;
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}
