/**
 * Closed sets of `imstress run` settings, in one place for flags, scenario
 * files, help text and the README.
 */
import type { RunConfig } from './run-config.js';

export const messageKinds = ['get-seq', 'send-msg'] as const satisfies readonly RunConfig['messageKind'][];
export const compressions = ['gzip', 'none'] as const satisfies readonly RunConfig['compression'][];
export const encodings = ['gob', 'json'] as const satisfies readonly RunConfig['encoding'][];
export const onHangModes = ['abort', 'continue'] as const satisfies readonly RunConfig['onHang'][];
export const progressModes = ['auto', 'tty', 'plain', 'off'] as const satisfies readonly RunConfig['progress'][];
