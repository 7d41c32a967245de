/**
 * Flag parsing that collects problems instead of throwing at the first one
 * (house style: validate once at the edge, list every problem).
 */
import type { Issue } from '../errors.js';
import { parseDuration } from '../config/values.js';

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

  /** A duration in milliseconds within [min, max] ms, in the one grammar of `config/values.ts` (a unit is required). */
  duration(flag: string, raw: string | undefined, min = 0, max = 86_400_000): number | undefined {
    if (raw === undefined) return undefined;
    const parsed = parseDuration(raw, { min, max });
    return parsed.ok ? parsed.value : this.fail(flag, parsed.message);
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
