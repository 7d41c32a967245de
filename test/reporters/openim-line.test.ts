/**
 * The report's optional `openim` section (openim-protocol.md §14): built
 * from the run's plan, accepted by the shape check (and a wrong type named),
 * and shown as one line by the terminal summary and the markdown report;
 * absent in reports that do not have it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build.js';
import { reportShapeIssues } from '../../src/report/shape.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { engineResult, environment, report, runConfig } from '../report/fixtures.js';
import type { ReportOpenIm } from '../../src/report/schema.js';

const plan: ReportOpenIm = { version: 'auto', tokenFlow: 'admin-token', detected: true, msgResp: true, adminUser: 'imAdmin' };

function withOpenIm(o: ReportOpenIm) {
  const cfg = runConfig();
  return buildReport(
    engineResult(),
    cfg,
    { ...cfg, tokens: { kind: 'static', token: '***' } },
    { toolVersion: '0.1.0', environment, openim: o },
  );
}

test('the section is built from the plan and passes the shape check; a wrong type is named', () => {
  const r = withOpenIm(plan);
  assert.deepEqual(r.openim, plan);
  assert.deepEqual(reportShapeIssues(JSON.parse(JSON.stringify(r)), 'r.json'), []);
  const bad = { ...JSON.parse(JSON.stringify(r)), openim: { ...plan, msgResp: 'yes' } };
  assert.deepEqual(
    reportShapeIssues(bad, 'r.json').map((i) => i.where),
    ['r.json:openim.msgResp'],
  );
});

test('summary and markdown say which flow was used, found how, and isMsgResp', () => {
  const text = renderSummary(withOpenIm(plan), { color: false, width: 200 }).replace(/\s+/g, ' ');
  assert.match(text, /OpenIM --openim-version auto: tokens by the admin-token flow .*found by probing get_admin_token · isMsgResp on/);
  const md = renderReportMarkdown(withOpenIm({ ...plan, tokenFlow: 'user-token', msgResp: false }));
  assert.match(
    md,
    /tokens by the user-token flow .*found by probing get\\_admin\\_token \(404\) · isMsgResp off/,
    'markdown escapes the underscores',
  );
  const fixed = renderSummary(withOpenIm({ ...plan, version: '3.5', tokenFlow: 'user-token', detected: false, msgResp: false }), {
    color: false,
    width: 200,
  });
  assert.match(fixed, /--openim-version 3\.5: tokens by the user-token flow/);
  assert.doesNotMatch(fixed, /probing/);
});

test('a report without the section (older, or the raw adapter) shows no OpenIM line', () => {
  const r = report();
  assert.equal(r.openim, undefined);
  assert.doesNotMatch(renderSummary(r, { color: false, width: 200 }), /OpenIM --openim-version/);
  assert.doesNotMatch(renderReportMarkdown(r), /OpenIM --openim-version/);
});
