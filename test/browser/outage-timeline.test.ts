/**
 * Outages in the HTML timeline, in a real browser (issue #11): the built CLI
 * drives a real echo server process that is killed with SIGKILL mid-run
 * (never back: target-lost, exit 3) or killed and restarted on the same port
 * (recovered: ok, exit 0); `--html` writes each page. In headless Chromium:
 * the outage band is drawn on the progress timeline, in its blue, over the
 * outage's time range, and the Outages section says open or recovered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, launch, type Browser } from './chromium.js';
import { startCli } from '../helpers/cli.js';
import { startEchoProcess, type EchoProcess } from '../helpers/echo-process.js';
import { ExitCode } from '../../src/errors.js';
import type { Report } from '../../src/report/schema.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the CLI against an echo process killed at 3 s, restarted 3.5 s later when `restart`; returns the report and page paths. */
async function outageRun(dir: string, name: string, restart: boolean): Promise<{ report: Report; html: string; code: number | null }> {
  const first = await startEchoProcess();
  let second: EchoProcess | null = null;
  const json = join(dir, `${name}.json`);
  try {
    const cli = startCli(
      [
        'run',
        '--target',
        `ws://127.0.0.1:${first.port}/`,
        '--adapter',
        'raw',
        '--users',
        '8',
        '--think',
        '50ms',
        '--duration',
        restart ? '10s' : '7s',
        '--hang-window',
        '2s',
        '--stall-threshold',
        '500ms',
        '--heartbeat',
        '0',
        '--progress',
        'off',
        '--report',
        json,
        '--html',
      ],
      { timeoutMs: 60_000 },
    );
    // 3 s of load before the kill, counted from the first echoed frame rather than from the spawn: on a loaded
    // machine the CLI's start-up alone took most of a fixed 3 s, and a kill before any reply makes the target
    // one that was never reached (target-unavailable), not one that was lost.
    await first.served(30_000);
    await sleep(3_000);
    await first.kill();
    if (restart) {
      await sleep(3_500);
      second = await startEchoProcess(first.port);
    }
    const r = await cli.result;
    return { report: JSON.parse(readFileSync(json, 'utf8')) as Report, html: join(dir, `${name}.html`), code: r.code };
  } finally {
    await first.kill();
    await second?.kill();
  }
}

interface OutageDraw {
  readonly outageBands: number;
  /** columns inside the band's x range whose pixels are tinted blue (the outage colour) */
  readonly blueColumns: number;
}

/** How the progress chart drew its outage band between `fromSec` and `toSec`. */
async function outageDrawn(
  b: Browser,
  html: string,
  fromSec: number,
  toSec: number,
): Promise<OutageDraw & { section: string; errors: string[] }> {
  const { page, log } = await b.open(html);
  const drawn = await page.evaluate(
    ([from, to]) => {
      interface Plot {
        ctx: { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
        bbox: { left: number; top: number; width: number; height: number };
        valToPos(v: number, scale: string, canvas: boolean): number;
      }
      const charts = (globalThis as unknown as { imstressCharts: Array<{ id: string; plot: Plot; bandKinds: Record<string, number> }> })
        .imstressCharts;
      const c = charts.find((x) => x.id === 'chart-progress');
      if (c === undefined) return { outageBands: 0, blueColumns: 0 };
      const p = c.plot;
      const x0 = Math.ceil(p.valToPos(from!, 'x', true)) + 2;
      const x1 = Math.floor(p.valToPos(to!, 'x', true)) - 2;
      let blueColumns = 0;
      for (let x = x0; x < x1; x += 4) {
        // a thin column near the top of the plot, where no series line usually runs
        const img = p.ctx.getImageData(x, Math.round(p.bbox.top) + 2, 1, 4).data;
        const b = img[2] ?? 0;
        const r = img[0] ?? 0;
        if ((img[3] ?? 0) > 0 && b > r + 40) blueColumns++;
      }
      return { outageBands: c.bandKinds['outage'] ?? 0, blueColumns };
    },
    [fromSec, toSec],
  );
  const section = (await page.locator('#outages').textContent()) ?? '';
  return { ...drawn, section, errors: [...log.consoleErrors, ...log.pageErrors] };
}

test(
  'outages on the HTML timeline in headless Chromium: a lost target and a recovered one',
  { timeout: 180_000, skip: existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is not installed` },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-outage-html-'));
    t.diagnostic(`artifacts: ${dir}`);
    // Two independent runs (each its own echo process on its own port, its own report): side by side, the test
    // waits for the longer one only.
    const [lost, recovered] = await Promise.all([outageRun(dir, 'lost', false), outageRun(dir, 'recovered', true)]);
    assert.equal(lost.code, ExitCode.targetUnavailable);
    assert.equal(lost.report.verdict.status, 'target-lost');
    assert.equal(recovered.code, ExitCode.ok);
    const lo = lost.report.outages?.[0];
    const ro = recovered.report.outages?.[0];
    assert.ok(lo !== undefined && lo.endMs === null, JSON.stringify(lost.report.outages));
    assert.ok(ro !== undefined && ro.endMs !== null, JSON.stringify(recovered.report.outages));
    let browser: Browser | null = null;
    try {
      browser = await launch();
      const a = await outageDrawn(browser, lost.html, lo.startMs / 1000, lost.report.durationMs / 1000);
      assert.deepEqual(a.errors, []);
      assert.ok(a.outageBands > 0, 'the open outage band was drawn');
      assert.ok(a.blueColumns > 0, 'in blue, from the first refusal to the end of the run');
      assert.match(a.section, /still unreachable at the end/);
      const b = await outageDrawn(browser, recovered.html, ro.startMs / 1000, (ro.endMs ?? 0) / 1000);
      assert.deepEqual(b.errors, []);
      assert.ok(b.outageBands > 0, 'the recovered outage band was drawn');
      assert.ok(b.blueColumns > 0, 'in blue, over the outage');
      assert.match(b.section, /recovered at \d\d:\d\d/);
      const page = (await browser.open(recovered.html)).page;
      await page.screenshot({ path: join(dir, 'recovered.png'), fullPage: true });
      t.diagnostic(`screenshot: ${join(dir, 'recovered.png')}`);
    } finally {
      await browser?.close();
    }
  },
);
