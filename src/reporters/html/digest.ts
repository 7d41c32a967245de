/**
 * The dump digest in HTML: the explanation, then one expandable row per
 * stack group (its stack and goroutine ids inside), then the other dumps.
 * Everything from a dump is escaped: it comes from the target.
 */
import type { ReportHang } from '../../report/schema.js';
import type { HangDigest } from '../../explain/index.js';
import { digestCaption } from '../digest-text.js';
import { escapeHtml as e } from './escape.js';

const verdictClass: Readonly<Record<HangDigest['verdict'], string>> = { stuck: 'bad', 'none-stuck': 'good', 'cannot-tell': 'warn' };

/** The digest block (`id="digest"`); empty for a report without one. */
export function digestHtml(d: HangDigest | null): string {
  if (d === null) return '';
  const sentences = d.sentences.map((s, i) => `<li${i === 0 ? ` class="${verdictClass[d.verdict]}"` : ''}>${e(s)}</li>`).join('');
  const groups = d.groups
    .map((g, i) => {
      const ids =
        g.ids.length === 0
          ? ''
          : `<p class="muted">goroutine${g.count === 1 ? '' : 's'} ${e(g.ids.join(', '))}${g.ids.length < g.count ? ', …' : ''}</p>`;
      const cls = g.stuck !== null && g.stuck > 0 ? ' class="bad"' : g.keystone ? ' class="warn"' : '';
      return `<details class="digest-group"${i === 0 ? ' open' : ''}><summary><span${cls}>${e(g.line)}</span></summary><pre>${e(g.stack.join('\n'))}</pre>${ids}</details>`;
    })
    .join('');
  const omitted = d.groupsOmitted > 0 ? `<p class="muted">${e(d.groupsOmitted)} more stack groups in the raw dump below</p>` : '';
  return `<div id="digest"><h3>${e(digestCaption(d))}</h3><ul>${sentences}</ul>${groups}${omitted}</div>`;
}

/** The later and baseline dumps, collapsed, after the hang dump. */
export function otherDumpsHtml(h: ReportHang): string {
  const one = (id: string, label: string, d: ReportHang['laterDump']): string =>
    d === null || d === undefined
      ? ''
      : `<details id="${id}"><summary>${e(label)}: ${e(d.source)}${d.truncated ? ' (truncated)' : ''}</summary><pre>${e(d.text)}</pre></details>`;
  return one('later-dump', 'later dump', h.laterDump) + one('baseline-dump', 'baseline dump, before the load', h.baselineDump);
}
