/**
 * Checks between settings, run on the merged config. Each problem is reported
 * at the place the user can change: the setting they gave, or the flag to add.
 */
import type { RunConfig } from './run-config.js';
import { runSettings } from './run-settings.js';
import { longFlag } from './setting.js';
import type { SettingKey, SettingsBuilder } from './settings.js';
import { formatMs } from './values.js';

/** Where a setting came from (`--users`, `s.yaml:users`, `IMSTRESS_USERS`); its flag when it is the default. */
export function whereOf(b: SettingsBuilder): (key: SettingKey) => string {
  return (key) => b.get(key)?.where ?? longFlag(runSettings[key]);
}

export function checkCrossFields(b: SettingsBuilder, c: RunConfig): void {
  const where = whereOf(b);
  const at = where;
  /** The later-layered of two settings (the one just given), for conflicts between them. */
  const either = (k1: SettingKey, k2: SettingKey): string => {
    const s1 = b.get(k1);
    const s2 = b.get(k2);
    if (s1 === undefined) return s2?.where ?? where(k2);
    if (s2 === undefined) return s1.where;
    return s2.layer === 'flag' && s1.layer !== 'flag' ? s2.where : s1.where;
  };
  if (c.shard !== null && c.shard.count > c.users) {
    b.issue(at('shard'), `${c.shard.count} shards need at least ${c.shard.count} users; users is ${c.users} (${at('users')})`);
  }
  if (c.overlap && c.messages < 1) {
    b.issue(at('overlap'), `needs at least one message per session; messages is 0 (${at('messages')})`);
  }
  if (c.stallThresholdMs >= c.hangWindowMs) {
    b.issue(
      either('stallThresholdMs', 'hangWindowMs'),
      `stall threshold ${formatMs(c.stallThresholdMs)} is not below hang window ${formatMs(c.hangWindowMs)}; expected stall threshold < hang window`,
    );
  }
  if (c.adapter === 'raw' && c.messageKind === 'send-msg') {
    b.issue(either('adapter', 'messageKind'), 'message kind send-msg needs the openim adapter; the raw adapter only sends echo requests');
  }
  if (c.adapter === 'raw' && c.target.kind === 'embedded') {
    b.issue(at('adapter'), 'the raw adapter needs --target ws://…; the embedded gateway speaks only OpenIM');
  }
  if (c.target.kind === 'embedded') {
    // The embedded gateway's metrics and task dump are wired in by the CLI; a URL here would be silently unused.
    if (c.metricsUrl !== null)
      b.issue(at('metricsUrl'), "applies to a URL target (--target ws://…); the embedded gateway's metrics are read automatically");
    if (c.pprofUrl !== null)
      b.issue(at('pprofUrl'), "applies to a URL target (--target ws://…); the embedded gateway's task dump is captured automatically");
  }
  if (c.durationMs !== null && c.rampUpMs > c.durationMs) {
    b.issue(
      at('rampUpMs'),
      `ramp-up ${formatMs(c.rampUpMs)} is longer than the run (${formatMs(c.durationMs)}); expected at most the duration`,
    );
  }
  if (c.trials === 1 && c.betweenTrialsMs > 0) {
    b.issue(at('betweenTrialsMs'), `pauses between trials; trials is 1 (${at('trials')}); expected --trials 2 or more`);
  }
  if (c.trials === 1 && c.untilHang) {
    b.issue(
      at('untilHang'),
      `stops the trials at the first hang; trials is 1 (${at('trials')}); expected --trials 2 or more, or no --trials (up to 100)`,
    );
  }
  if (c.messageKind !== 'send-msg') {
    for (const t of c.thresholds) {
      if (t.metric.startsWith('push.')) b.issue(at('thresholds'), `"${t.source}": push is measured only with message kind send-msg`);
    }
  }
  // §14: the release choices shape OpenIM tokens and handshakes; given where they cannot apply, they would be silently unused.
  if (c.adapter === 'raw') {
    for (const key of ['openimVersion', 'adminUser', 'msgResp'] as const) {
      if (b.get(key) !== undefined)
        b.issue(at(key), 'applies to the openim adapter; the raw adapter gets no tokens and has no OpenIM handshake');
    }
  } else if (b.get('adminUser')?.layer === 'flag' && c.openimVersion !== 'auto' && c.openimVersion !== '3.8.2') {
    // Only a typed --admin-user: a scenario file's admin user may simply be unused when a flag picks an older release.
    b.issue(
      at('adminUser'),
      `is used only by the OpenIM >= 3.8.2 token flow; --openim-version is ${c.openimVersion} (${at('openimVersion')}); expected 3.8.2 or auto`,
    );
  }
}
