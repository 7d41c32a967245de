/**
 * Hang detection: the detector state machine and the hang-kind catalog
 * (design.md "Hang detection").
 *
 * @module
 */

export * from './detector.js';
export * from './kinds.js';
export * from './progress.js';
export * from './waiting.js';
