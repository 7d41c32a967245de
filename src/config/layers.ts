/**
 * The scenario file, the environment and the flags, each turned into
 * settings on a {@link SettingsBuilder} (applied in that order: later wins).
 */
import { gatewayModes } from '../catalog/gateway-modes.js';
import { adapterNames } from '../catalog/adapters.js';
import { openimVersions } from '../catalog/openim-versions.js';
import { compressions, encodings, messageKinds, onHangModes, progressModes } from './choices.js';
import { flagName, type RawRunFlags } from './raw-flags.js';
import { envVarName, rawFlagsFromEnv } from './env-flags.js';
import type { Threshold } from './run-config.js';
import { runLimits, userPrefixMaxLength } from './run-limits.js';
import type { ScenarioFile } from './scenario.js';
import type { Layer, SettingKey, Settings, SettingsBuilder } from './settings.js';
import { parseThreshold } from './thresholds.js';
import * as v from './values.js';

/** Scenario values are parsed already; this only records them with `file:key`. */
export function applyScenario(b: SettingsBuilder, s: ScenarioFile, file: string): void {
  const put = <K extends SettingKey>(key: K, value: Settings[K] | undefined, fileKey: string): void => b.set(key, value, `${file}:${fileKey}`, 'file');
  put('users', s.users, 'users');
  put('userPrefix', s.userPrefix, 'userPrefix');
  put('userOffset', s.userOffset, 'userOffset');
  put('durationMs', s.duration, 'duration');
  put('iterations', s.iterations, 'iterations');
  put('rampUpMs', s.rampUp, 'rampUp');
  put('thinkMs', s.think, 'think');
  put('messages', s.messages, 'messages');
  put('messageKind', s.messageKind, 'messageKind');
  put('platformID', s.platform, 'platform');
  put('overlap', s.overlap, 'overlap');
  put('compression', s.compression, 'compression');
  put('encoding', s.encoding, 'encoding');
  put('heartbeatMs', s.heartbeat, 'heartbeat');
  put('handshakeTimeoutMs', s.timeouts?.handshake, 'timeouts.handshake');
  put('replyTimeoutMs', s.timeouts?.reply, 'timeouts.reply');
  put('pushTimeoutMs', s.timeouts?.push, 'timeouts.push');
  put('closeTimeoutMs', s.timeouts?.close, 'timeouts.close');
  put('stallThresholdMs', s.stallThreshold, 'stallThreshold');
  put('hangWindowMs', s.hangWindow, 'hangWindow');
  put('onHang', s.onHang, 'onHang');
  put('target', s.target, 'target');
  put('gatewayMode', s.gateway?.mode, 'gateway.mode');
  put('gatewayArgs', s.gateway?.args, 'gateway.args');
  put('adapter', s.adapter, 'adapter');
  put('metricsUrl', s.metricsUrl, 'metricsUrl');
  put('gaugeName', s.gauge, 'gauge');
  put('pprofUrl', s.pprofUrl, 'pprofUrl');
  put('evidenceGapMs', s.evidenceGap, 'evidenceGap');
  put('drainTimeoutMs', s.drainTimeout, 'drainTimeout');
  const t = s.tokens;
  if (t?.token !== undefined) put('tokenSource', { kind: 'static', token: t.token }, 'tokens.token');
  if (t?.file !== undefined) put('tokenSource', { kind: 'file', path: t.file }, 'tokens.file');
  if (t?.api !== undefined) {
    put('tokenSource', { kind: 'api', apiUrl: t.api.url }, 'tokens.api.url');
    put('secret', t.api.secret, 'tokens.api.secret');
    put('apiConcurrency', t.api.concurrency, 'tokens.api.concurrency');
    put('register', t.api.register, 'tokens.api.register');
  }
  put('thresholds', s.thresholds, 'thresholds');
  put('reportPath', s.report, 'report');
  put('progress', s.progress, 'progress');
  put('localAddress', s.localAddress, 'localAddress');
  put('workers', s.workers, 'workers');
  put('shard', s.shard, 'shard');
  put('caFile', s.ca, 'ca');
  put('insecure', s.insecure, 'insecure');
  put('openimVersion', s.openimVersion, 'openimVersion');
  put('adminUser', s.adminUser, 'adminUser');
  put('msgResp', s.msgResp, 'msgResp');
  put('trials', s.trials, 'trials');
  put('untilHang', s.untilHang, 'untilHang');
  put('betweenTrialsMs', s.betweenTrials, 'betweenTrials');
}

/**
 * `IMSTRESS_*`: every run setting from the environment (env-flags.ts), parsed
 * as its flag is and named by its variable; `IMSTRESS_SECRET` keeps the API
 * secret off the command line and out of scenario files.
 */
export function applyEnv(b: SettingsBuilder, env: Readonly<Record<string, string | undefined>>): void {
  const { flags, issues } = rawFlagsFromEnv(env);
  for (const i of issues) b.issue(i.where, i.message);
  applyFlags(b, flags, envVarName, 'env');
}

/** Parses every flag given, recording each problem at its flag (or, for the environment layer, at its variable). */
export function applyFlags(b: SettingsBuilder, f: RawRunFlags, name: (key: keyof RawRunFlags) => string = flagName, layer: Layer = 'flag'): void {
  const put = <K extends SettingKey>(key: K, flag: keyof RawRunFlags, parse: (raw: unknown) => v.Parsed<Settings[K]>): void =>
    b.parse(key, f[flag], name(flag), layer, parse);
  const duration = (range: v.Range) => (raw: unknown) => v.parseDuration(raw, range);
  const integer = (range: v.Range) => (raw: unknown) => v.parseInteger(raw, range);
  const choice = <T extends string>(allowed: readonly T[]) => (raw: unknown) => v.parseChoice(raw, allowed);
  const flag = (raw: unknown): v.Parsed<boolean> => v.parseBoolean(raw);
  const http = (what: string) => (raw: unknown) => v.parseUrl(raw, v.httpSchemes, what);

  put('users', 'users', integer(runLimits.users));
  put('userPrefix', 'userPrefix', (raw) => v.parseWord(raw, 'a user ID prefix', userPrefixMaxLength));
  put('userOffset', 'userOffset', integer(runLimits.userOffset));
  put('durationMs', 'duration', duration(runLimits.duration));
  put('iterations', 'iterations', integer(runLimits.iterations));
  put('rampUpMs', 'rampUp', duration(runLimits.rampUp));
  put('thinkMs', 'think', duration(runLimits.think));
  put('messages', 'messages', integer(runLimits.messages));
  put('messageKind', 'messageKind', choice(messageKinds));
  put('platformID', 'platform', integer(runLimits.platform));
  put('overlap', 'overlap', flag);
  put('compression', 'compression', choice(compressions));
  put('encoding', 'encoding', choice(encodings));
  put('heartbeatMs', 'heartbeat', duration(runLimits.heartbeat));
  put('handshakeTimeoutMs', 'handshakeTimeout', duration(runLimits.timeout));
  put('replyTimeoutMs', 'replyTimeout', duration(runLimits.timeout));
  put('pushTimeoutMs', 'pushTimeout', duration(runLimits.timeout));
  put('closeTimeoutMs', 'closeTimeout', duration(runLimits.timeout));
  put('stallThresholdMs', 'stallThreshold', duration(runLimits.stallThreshold));
  put('hangWindowMs', 'hangWindow', duration(runLimits.hangWindow));
  put('onHang', 'onHang', choice(onHangModes));
  put('target', 'target', v.parseTarget);
  put('gatewayMode', 'gatewayMode', choice(gatewayModes));
  put('gatewayArgs', 'gatewayArg', (raw) => ({ ok: true, value: raw as string[] }));
  put('adapter', 'adapter', choice(adapterNames));
  put('metricsUrl', 'metricsUrl', http('a Prometheus metrics URL'));
  put('gaugeName', 'gauge', (raw) => v.parseWord(raw, 'a gauge name'));
  put('pprofUrl', 'pprofUrl', http("a Go target's /debug/pprof/ URL"));
  put('evidenceGapMs', 'evidenceGap', duration(runLimits.evidenceGap));
  put('drainTimeoutMs', 'drainTimeout', duration(runLimits.drainTimeout));
  applyTokenFlags(b, f, name, layer);
  put('secret', 'secret', (raw) => v.parseText(raw, 'the server secret'));
  put('apiConcurrency', 'apiConcurrency', integer(runLimits.apiConcurrency));
  put('register', 'register', flag);
  if (f.threshold !== undefined) applyThresholdFlags(b, f.threshold, name, layer);
  put('reportPath', 'report', (raw) => v.parseText(raw, 'a report file path'));
  put('json', 'json', flag);
  put('progress', 'progress', choice(progressModes));
  put('localAddress', 'localAddress', v.parseLocalAddress);
  put('caFile', 'ca', (raw) => v.parseText(raw, 'a PEM file of CA certificates'));
  put('insecure', 'insecure', flag);
  put('verbose', 'verbose', flag);
  put('workers', 'workers', (raw) => v.parseWorkers(raw, runLimits.workers));
  put('shard', 'shard', (raw) => v.parseShard(raw, runLimits.shardCount));
  put('openimVersion', 'openimVersion', choice(openimVersions));
  put('adminUser', 'adminUser', (raw) => v.parseWord(raw, 'an OpenIM admin user ID'));
  put('msgResp', 'msgResp', flag);
  put('trials', 'trials', integer(runLimits.trials));
  put('untilHang', 'untilHang', flag);
  put('betweenTrialsMs', 'betweenTrials', duration(runLimits.betweenTrials));
}

/** `--token`, `--token-file`, `--api-url`: one source at most. */
function applyTokenFlags(b: SettingsBuilder, f: RawRunFlags, name: (key: keyof RawRunFlags) => string, layer: Layer): void {
  const given = (['token', 'tokenFile', 'apiUrl'] as const).filter((k) => f[k] !== undefined);
  if (given.length > 1) {
    b.issue(given.map(name).join(' and '), `are mutually exclusive; expected one token source: ${name('token')}, ${name('tokenFile')} or ${name('apiUrl')}`);
    return;
  }
  b.parse('tokenSource', f.token, name('token'), layer, (raw) => {
    const r = v.parseText(raw, 'a token');
    return r.ok ? { ok: true, value: { kind: 'static', token: r.value } } : r;
  });
  b.parse('tokenSource', f.tokenFile, name('tokenFile'), layer, (raw) => {
    const r = v.parseText(raw, 'a path to a token file');
    return r.ok ? { ok: true, value: { kind: 'file', path: r.value } } : r;
  });
  b.parse('tokenSource', f.apiUrl, name('apiUrl'), layer, (raw) => {
    const r = v.parseUrl(raw, v.httpSchemes, 'the OpenIM REST API URL');
    return r.ok ? { ok: true, value: { kind: 'api', apiUrl: r.value } } : r;
  });
}

/** Each bad `--threshold` is its own issue; flags replace the file's list. */
function applyThresholdFlags(b: SettingsBuilder, sources: readonly string[], name: (key: keyof RawRunFlags) => string, layer: Layer): void {
  const thresholds: Threshold[] = [];
  for (const source of sources) {
    const r = parseThreshold(source);
    if (r.ok) thresholds.push(r.threshold);
    else b.issue(name('threshold'), r.message);
  }
  if (thresholds.length === sources.length) b.set('thresholds', thresholds, name('threshold'), layer);
}
