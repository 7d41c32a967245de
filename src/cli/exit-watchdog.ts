/**
 * The last guard of "imstress always exits" (issue #11): once the command has
 * returned its exit code (the report is written, every socket, dial and timer
 * imstress owns has been destroyed), the process should end by itself. If
 * something still holds the event loop (a library's socket, a timer we missed),
 * this watchdog names what is still open in a warning and exits with the
 * verdict's code, {@link exitWatchdogMs} after the command returned.
 *
 * Armed by `bin/imstress.js` only: tests call `main()` in-process.
 */

/** How long after the command returned the process may still be alive (documented in docs/outages-and-exit.md). */
export const exitWatchdogMs = 2_000;

/**
 * "TCPSocketWrap ×3, Timeout" — the resources still keeping the event loop alive
 * (`process.getActiveResourcesInfo()`, which leaves out unref'd timers such as the watchdog's own).
 */
function openHandlesText(resources: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n === 1 ? k : `${k} ×${n}`)).join(', ');
}

/**
 * Arms the watchdog: an unref'd timer (it never keeps the process alive itself) that, if it fires,
 * warns on stderr and exits with `code`.
 */
export function armExitWatchdog(code: number, ms = exitWatchdogMs): void {
  const timer = setTimeout(() => {
    const open = openHandlesText(process.getActiveResourcesInfo());
    process.stderr.write(
      `warning: imstress: still running ${ms} ms after the run ended${open === '' ? '' : `, held by: ${open}`}; exiting with ${code}\n`,
    );
    process.exit(code);
  }, ms);
  timer.unref();
}
