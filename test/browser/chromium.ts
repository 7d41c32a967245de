/**
 * Opens an HTML file in headless Debian Chromium (`/usr/bin/chromium`,
 * installed by `.ci/run`) through playwright-core, with every network
 * request blocked and recorded, and reads back what the page drew
 * (not a test file itself: it defines no tests).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * The Chromium executable: Debian's `/usr/bin/chromium`, or
 * `IMSTRESS_TEST_CHROMIUM` (lets a test hide it, or point at another build).
 */
export const CHROMIUM_PATH = process.env['IMSTRESS_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Whether the browser test can run here. A fresh machine has no Chromium and
 * README's `npm test` must still pass there, so the test is skipped with a
 * loud reason; with `CI=true` (`.ci/run` installs Chromium and sets it) a
 * missing browser is a failure, so CI never silently drops the test.
 */
export function chromiumAvailability(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): { readonly path: string; readonly required: boolean; readonly missing: string | null } {
  const path = env['IMSTRESS_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
  const required = env['CI'] === 'true';
  const missing = exists(path) ? null : `${path} is missing: apt-get install -y --no-install-recommends chromium (.ci/run does)`;
  return { path, required, missing };
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What happened while a page loaded. */
export interface PageLog {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Every request other than the page's own file:// document. */
  readonly requests: string[];
  readonly failedRequests: string[];
}

/** A browser with a fresh profile; close it in a `finally`. */
export interface Browser {
  /** Loads `file` (an absolute path) and waits for the charts to be drawn. */
  open(file: string): Promise<{ page: Page; log: PageLog }>;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh user-data dir, offline, every request aborted. */
export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'imstress-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      offline: true,
      viewport: { width: 1366, height: 900 },
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    async open(file) {
      const url = pathToFileURL(file).href;
      const page = await context.newPage();
      const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') log.consoleErrors.push(m.text());
      });
      page.on('pageerror', (err) => log.pageErrors.push(err.message));
      page.on('request', (r) => {
        if (r.url() !== url) log.requests.push(r.url());
      });
      page.on('requestfailed', (r) => log.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
      // The page must make no request at all: anything but the document itself is aborted (and recorded above).
      await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      await page.waitForFunction(() => Array.isArray((globalThis as unknown as { imstressCharts?: unknown[] }).imstressCharts), undefined, {
        timeout: 10_000,
      });
      return { page, log };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What one uPlot chart holds and drew, read in the page. */
export interface DrawnChart {
  readonly id: string;
  /** Series (x excluded) and how many non-null points each has. */
  readonly series: ReadonlyArray<{ readonly label: string; readonly points: number; readonly color: string }>;
  readonly bandsDrawn: number;
  readonly markersDrawn: number;
  /** Pixels in the plot area whose colour is within a small distance of a series' stroke colour. */
  readonly seriesPixels: number;
  /** Pixels in the plot area that are not transparent. */
  readonly paintedPixels: number;
}

/** Reads every chart the page's script registered in `window.imstressCharts`. */
export async function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(() => {
    interface Plot {
      data: Array<Array<number | null>>;
      series: Array<{ label: string; stroke?: unknown }>;
      ctx: { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
      bbox: { left: number; top: number; width: number; height: number };
    }
    const list = (globalThis as unknown as { imstressCharts: Array<{ id: string; plot: Plot; bandsDrawn: number; markersDrawn: number }> })
      .imstressCharts;
    const rgb = (hex: string): [number, number, number] => {
      const n = parseInt(hex.slice(1), 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    };
    return list.map((c) => {
      const p = c.plot;
      const colors: string[] = [];
      const series = p.series.slice(1).map((s, i) => {
        const stroke = typeof s.stroke === 'function' ? (s.stroke as (u: Plot, i: number) => string)(p, i + 1) : String(s.stroke ?? '');
        colors.push(stroke);
        return { label: s.label, points: (p.data[i + 1] ?? []).filter((v) => v !== null && v !== undefined).length, color: stroke };
      });
      const img = p.ctx.getImageData(
        Math.round(p.bbox.left),
        Math.round(p.bbox.top),
        Math.max(1, Math.round(p.bbox.width)),
        Math.max(1, Math.round(p.bbox.height)),
      ).data;
      const targets = colors.filter((col) => /^#[0-9a-f]{6}$/i.test(col)).map(rgb);
      let seriesPixels = 0;
      let paintedPixels = 0;
      for (let k = 0; k < img.length; k += 4) {
        if ((img[k + 3] ?? 0) === 0) continue;
        paintedPixels++;
        const r = img[k] ?? 0;
        const g = img[k + 1] ?? 0;
        const b = img[k + 2] ?? 0;
        if ((img[k + 3] ?? 0) > 200 && targets.some(([tr, tg, tb]) => Math.abs(tr - r) + Math.abs(tg - g) + Math.abs(tb - b) < 24))
          seriesPixels++;
      }
      return { id: c.id, series, bandsDrawn: c.bandsDrawn, markersDrawn: c.markersDrawn, seriesPixels, paintedPixels };
    });
  });
}
