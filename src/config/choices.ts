/**
 * Closed sets of `imstress run` settings; the settings table
 * (`run-settings.ts`) makes them the types of the resolved config.
 */
export const messageKinds = ['get-seq', 'send-msg'] as const;
export const compressions = ['gzip', 'none'] as const;
export const encodings = ['gob', 'json'] as const;
export const onHangModes = ['abort', 'continue'] as const;
export const progressModes = ['auto', 'tty', 'plain', 'off'] as const;
