/**
 * Prometheus text exposition format 0.0.4: parse, and read a gauge.
 *
 * @module
 */

export * from './errors.js';
export * from './parse.js';
