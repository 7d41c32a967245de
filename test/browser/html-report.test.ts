/**
 * The HTML pages in a real browser: headless Debian Chromium (installed by
 * `.ci/run`) driven by playwright-core. The reports come from real runs of
 * the built CLI against the embedded gateway — v3.5.1 wedging (the e2e hang
 * configuration: 64-slot register/unregister queues) and v3.8 — and the pages
 * are written by the CLI's own `--html` flags (run, report, compare).
 *
 * Asserted: no console error, no request of any kind (every one is aborted
 * and recorded), every chart created by uPlot with data and painted in its
 * series' colours, the hang window and marker drawn on the hung run, and a
 * `</script><img onerror>` error message rendered as text. Screenshots are
 * kept in the test's temp folder (paths printed as test diagnostics).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumAvailability, drawnCharts, launch, type Browser, type DrawnChart, type PageLog } from './chromium.js';
import type { Page } from 'playwright-core';
import { wedgeRunArgs, wedgeRunTimeoutMs, wedgeScenario } from '../helpers/wedge.js';
import { runCli as runCliProcess, type CliRun } from '../helpers/cli.js';

const runCli = (args: readonly string[], timeoutMs: number): Promise<CliRun> => runCliProcess(args, { timeoutMs });

const HOSTILE = '</script><img src=x onerror="globalThis.pwned=1"><b id="injected">x</b>';

function assertQuiet(log: PageLog, what: string): void {
  assert.deepEqual(log.consoleErrors, [], `${what}: console errors`);
  assert.deepEqual(log.pageErrors, [], `${what}: page errors`);
  assert.deepEqual(log.requests, [], `${what}: the page made requests`);
  assert.deepEqual(log.failedRequests, [], `${what}: failed requests`);
}

/** Every chart container on the page was drawn by uPlot, with data, in its series' colours. */
async function assertChartsDrawn(page: Page, what: string): Promise<DrawnChart[]> {
  const containers = await page.locator('.chart').count();
  const charts = await drawnCharts(page);
  assert.ok(containers >= 3, `${what}: at least the two timelines and one latency chart (got ${containers})`);
  assert.equal(charts.length, containers, `${what}: one uPlot instance per chart container`);
  for (const c of charts) {
    assert.ok(c.series.length > 0, `${what} ${c.id}: has series`);
    assert.ok(
      c.series.some((s) => s.points > 0),
      `${what} ${c.id}: a series has points`,
    );
    assert.ok(c.seriesPixels > 0, `${what} ${c.id}: pixels in a series colour were painted (painted ${c.paintedPixels})`);
  }
  return charts;
}

async function screenshot(page: Page, file: string, diagnostic: (msg: string) => void): Promise<void> {
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(readFileSync(file).length > 10_000, 'the screenshot holds an image');
  diagnostic(`screenshot: ${file}`);
}

const chromium = chromiumAvailability();

test(
  'HTML report and compare pages of real runs load in headless Chromium, offline, and draw every chart',
  { timeout: 600_000 },
  async (t) => {
    if (chromium.missing !== null) {
      // Required in CI (CI=true, where .ci/run installs it); outside CI a fresh machine skips it, loudly.
      assert.ok(!chromium.required, `CI=true: the browser test is required. ${chromium.missing}`);
      const reason = `SKIPPED the browser test (CI is not "true"): ${chromium.missing}`;
      process.stderr.write(`\n*** imstress: ${reason} ***\n\n`);
      t.skip(reason);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'imstress-browser-'));
    t.diagnostic(`artifacts: ${dir}`);
    const hungJson = join(dir, 'v351.json');
    // The reproducer (test/helpers/wedge.ts): a trial report, whose page has the survival curve and a row per trial.
    const fixedJson = join(dir, 'v38.json');
    // The v3.8 run is independent of the wedging one (its own gateway child and report), so both run at once:
    // the test waits for the wedge, not for the wedge and then 8 s more.
    const [hung, fixed] = await Promise.all([
      runCli([...wedgeRunArgs, '--drain-timeout', '3s', '--report', hungJson, '--html', '--progress', 'off'], wedgeRunTimeoutMs),
      runCli(
        [
          'run',
          '--scenario',
          wedgeScenario,
          '--users',
          '50',
          '--duration',
          '8s',
          '--gateway-mode',
          'v3.8',
          '--report',
          fixedJson,
          '--progress',
          'off',
        ],
        60_000,
      ),
    ]);
    assert.equal(hung.code, 5, hung.stderr);
    const hungReport = JSON.parse(readFileSync(hungJson, 'utf8')) as {
      hang: { dump: { text: string } | null } | null;
      trials: { list: unknown[] };
    };
    assert.match(
      hungReport.hang?.dump?.text ?? '',
      /msggateway\.\(\*WsServer\)\.UnRegister\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.close\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.KickOnlineMessage/,
      'the real v3.5.1 wedge: the kick self-sends into unregisterChan',
    );
    const hungHtml = join(dir, 'v351.html');
    assert.ok(existsSync(hungHtml), 'run --html wrote the page next to the report');
    assert.equal(fixed.code, 0, fixed.stderr);
    const compareHtml = join(dir, 'compare.html');
    const cmp = await runCli(['compare', hungJson, fixedJson, '--html', compareHtml], 30_000);
    assert.equal(cmp.code, 0, cmp.stderr);
    // A target-controlled string in an error sample, rendered by `imstress report --html`.
    const hostileJson = join(dir, 'hostile.json');
    const rep = JSON.parse(readFileSync(hungJson, 'utf8')) as { errors: { samples: Array<Record<string, unknown>> } };
    rep.errors.samples.unshift({ atMs: 1, kind: 'error-reply', userID: 'u1', message: HOSTILE });
    writeFileSync(hostileJson, JSON.stringify(rep));
    const hostileHtml = join(dir, 'hostile.html');
    const hr = await runCli(['report', hostileJson, '--html', hostileHtml], 30_000);
    assert.equal(hr.code, 0, hr.stderr);

    let browser: Browser | null = null;
    try {
      browser = await launch();
      const b = browser;
      await t.test('the hung v3.5.1 report: charts drawn, hang window shaded and marked', async (st) => {
        const { page, log } = await b.open(hungHtml);
        const charts = await assertChartsDrawn(page, 'report');
        assertQuiet(log, 'report');
        for (const id of ['chart-progress', 'chart-stuck']) {
          const c = charts.find((x) => x.id === id);
          assert.ok(c !== undefined, `${id} drawn`);
          assert.ok(c.bandsDrawn > 0, `${id}: the hang window was shaded`);
          assert.ok(c.markersDrawn > 0, `${id}: the hang marker was drawn`);
        }
        assert.ok((await page.locator('.hang-flag').count()) > 0, 'the HANG flag is on the page');
        assert.match((await page.locator('#verdict').textContent()) ?? '', /^HANG at \d\d:\d\d/);
        assert.ok(
          charts.some((c) => c.id === 'latency-reply'),
          'the reply percentile curve is drawn',
        );
        const stuck = charts.find((c) => c.id === 'chart-stuck');
        assert.ok(
          stuck?.series.some((s) => s.label.startsWith('stuck > ') && s.points > 0),
          'the stuck chart draws the waits past the stall threshold',
        );
        // With the cursor off the charts, no legend reads "label: -".
        const legendValues = await page.locator('.u-legend .u-value').allTextContents();
        assert.ok(legendValues.length > 0, 'legends are drawn');
        assert.deepEqual(
          legendValues.filter((v) => v.trim() === '-'),
          [],
          'no legend value is a bare dash',
        );
        assert.ok(
          charts.some((c) => c.id === 'chart-survival'),
          'the survival curve over the trials is drawn',
        );
        const rows = page.locator('#trial-rows tbody tr');
        const ran = hungReport.trials.list.length;
        assert.equal(await rows.count(), ran, 'one row per trial');
        // --until-hang: the last trial hung and its row says where; any before it did not hang.
        const texts = await rows.allTextContents();
        assert.match(texts[ran - 1] ?? '', /hang.*awaiting-reply \d+/, `the last trial hung, with where it hung: ${texts.join(' | ')}`);
        assert.ok(
          texts.slice(0, -1).every((x) => !/hang/.test(x)),
          'no earlier trial hung',
        );
        assert.match((await page.locator('#trials-rates').textContent()) ?? '', new RegExp(`hung: 1 of ${ran}`));
        await screenshot(page, join(dir, 'v351.png'), (m) => st.diagnostic(m));
      });
      await t.test('the compare page (v3.5.1 before, v3.8 after): charts drawn, verdict improved', async (st) => {
        const { page, log } = await b.open(compareHtml);
        const charts = await assertChartsDrawn(page, 'compare');
        assertQuiet(log, 'compare');
        const progress = charts.find((c) => c.id === 'chart-progress');
        assert.ok(progress !== undefined && progress.markersDrawn > 0, 'the before run hang is marked');
        assert.equal(await page.locator('#verdict-change').getAttribute('data-trend'), 'improved');
        assert.match((await page.locator('#verdict-change').textContent()) ?? '', /hang → ok/);
        assert.ok(
          charts.some((c) => c.id === 'chart-survival'),
          'both survival curves are drawn',
        );
        assert.match(
          (await page.locator('#conclusion').textContent()) ?? '',
          /1\/\d vs 0\/1 hung \(p = |one run on each side/,
          'the conclusion in words',
        );
        await screenshot(page, join(dir, 'compare.png'), (m) => st.diagnostic(m));
      });
      await t.test('a </script><img onerror> error message is rendered as text, creating no element', async () => {
        const { page, log } = await b.open(hostileHtml);
        assertQuiet(log, 'hostile');
        assert.equal(await page.locator('img').count(), 0, 'no <img> element');
        assert.equal(await page.locator('#injected').count(), 0, 'no injected element');
        assert.equal(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned), undefined);
        const samples = (await page.locator('#error-samples').textContent()) ?? '';
        assert.ok(samples.includes(HOSTILE), 'the message reads as typed');
        await assertChartsDrawn(page, 'hostile');
      });
    } finally {
      await browser?.close();
    }
  },
);
