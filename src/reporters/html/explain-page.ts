/**
 * `imstress explain --html`: the digest on a self-contained page (the same
 * shell, styles and escaping as the run report's evidence section).
 */
import type { HangDigest } from '../../explain/index.js';
import type { ExplainSources } from '../explain.js';
import { digestHtml } from './digest.js';
import { escapeHtml as e } from './escape.js';
import { renderPage } from './page.js';

/** A page with the digest and the dumps' sources. */
export function renderExplainHtml(d: HangDigest, sources: ExplainSources): string {
  const src = [
    `hang dump: ${sources.hang}`,
    ...(sources.later === null ? [] : [`later dump: ${sources.later}`]),
    ...(sources.baseline === null ? [] : [`baseline: ${sources.baseline}`]),
  ];
  const body = [
    `<h1>imstress explain</h1>`,
    `<p class="meta">${src.map(e).join(' · ')}</p>`,
    `<section id="evidence">${digestHtml(d)}</section>`,
  ].join('\n');
  return renderPage({ title: `imstress explain — ${d.verdict}`, body, data: { charts: [] } });
}
