/**
 * Flag parsing that collects problems instead of throwing at the first one
 * (house style: validate once at the edge, list every problem).
 */
import type { Issue } from '../errors.js';

/** Collects issues while values are parsed. */
export class FlagParser {
  readonly issues: Issue[] = [];

  /** An integer flag within [min, max]; undefined when the flag was not given. */
  int(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
    if (raw === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(raw.trim())) return this.fail(flag, `got "${raw}"; expected an integer from ${min} to ${max}`);
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || n > max) return this.fail(flag, `got ${raw}; expected an integer from ${min} to ${max}`);
    return n;
  }

  /** A duration in milliseconds: `250ms`, `1.5s`, `2m`, or a bare number of `defaultUnit`. */
  duration(flag: string, raw: string | undefined, defaultUnit: 'ms' | 's', min = 0, max = 86_400_000): number | undefined {
    if (raw === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m|h)?$/.exec(raw.trim());
    if (m === null) return this.fail(flag, `got "${raw}"; expected a duration such as 500ms, 1.5s, 2m`);
    const unit = m[2] ?? defaultUnit;
    const factor = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] ?? 1;
    const ms = Number(m[1]) * factor;
    if (ms < min || ms > max) return this.fail(flag, `got ${raw}; expected from ${min} ms to ${max} ms`);
    return ms;
  }

  /** One of a closed set. */
  oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
    if (raw === undefined) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    return this.fail(flag, `got "${raw}"; expected one of ${allowed.join(', ')}`);
  }

  /** A port, or `off` (null) where the listener is optional. */
  port(flag: string, raw: string | undefined, allowOff: boolean): number | null | undefined {
    if (raw === undefined) return undefined;
    if (allowOff && raw === 'off') return null;
    return this.int(flag, raw, 0, 65535);
  }

  private fail(where: string, message: string): undefined {
    this.issues.push({ where, message });
    return undefined;
  }
}
