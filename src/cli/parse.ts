/**
 * Grammars of `imstress gateway`'s flags (its settings table is
 * `commands/gateway-flags.ts`). Their messages are the gateway command's own
 * (`got 70000; expected an integer from 0 to 65535`), kept as users and
 * tests know them; durations share the one grammar of `config/values.ts`.
 */
import { custom, duration, type Grammar } from '../config/grammar.js';
import type { Parsed } from '../config/values.js';

const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** An integer flag within [min, max]. */
export function flagInt(min: number, max: number): Grammar<number, 'text'> {
  return custom(`integer ${min}–${max}`, (raw): Parsed<number> => {
    const text = String(raw);
    if (!/^[+-]?\d+$/.test(text.trim())) return fail(`got "${text}"; expected an integer from ${min} to ${max}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max) return fail(`got ${text}; expected an integer from ${min} to ${max}`);
    return { ok: true, value: n };
  });
}

/** A duration in milliseconds within [min, max] ms (a unit is required). */
export const flagDuration = (min: number, max: number): Grammar<number, 'text'> => duration({ min, max });

/** One of a closed set. */
export function flagChoice<T extends string>(allowed: readonly T[]): Grammar<T, 'text'> {
  return custom(allowed.join(', '), (raw): Parsed<T> =>
    (allowed as readonly unknown[]).includes(raw)
      ? { ok: true, value: raw as T }
      : fail(`got "${String(raw)}"; expected one of ${allowed.join(', ')}`),
  );
}

/** A port, or `off` (null) where the listener is optional. */
export function flagPort(allowOff: boolean): Grammar<number | null, 'text'> {
  const int = flagInt(0, 65535);
  return custom(allowOff ? 'port 0–65535, off' : 'port 0–65535', (raw): Parsed<number | null> =>
    allowOff && raw === 'off' ? { ok: true, value: null } : int.parse(raw),
  );
}

/** Any text, passed on as given. */
export const flagText: Grammar<string, 'text'> = custom('text', (raw) => ({ ok: true, value: String(raw) }));
