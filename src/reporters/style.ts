/**
 * Terminal colour: the one module that imports chalk. Every renderer takes a
 * {@link Style} made from an explicit `color` flag, so output never depends
 * on chalk's global level detection.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';

/** Semantic styles; identity functions when colour is off. */
export interface Style {
  readonly color: boolean;
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly heading: (s: string) => string;
  /** The verdict banner's style for a status. */
  readonly banner: (status: string, s: string) => string;
}

/** A style with colour on (basic 16 colours) or off (no escape codes at all). */
export function createStyle(color: boolean): Style {
  const c: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    ok: (s) => c.green(s),
    bad: (s) => c.red(s),
    warn: (s) => c.yellow(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    heading: (s) => c.bold.underline(s),
    banner: (status, s) => {
      switch (status) {
        case 'ok':
          return c.bold.green(s);
        case 'thresholds-failed':
        case 'interrupted':
          return c.bold.yellow(s);
        case 'leak':
          return c.bold.magenta(s);
        default:
          return c.bold.red(s);
      }
    },
  };
}

/**
 * Whether to colour: on a TTY, unless `NO_COLOR` is set to a non-empty value
 * (https://no-color.org). The CLI passes its stream's TTY flag and env.
 */
export function shouldUseColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return isTTY;
}
