/**
 * Reading goroutine dumps: parse (Go debug=2 / debug=1, and the embedded
 * gateway's task dump, which uses Go's format), digest, diff and explain.
 */
export { DumpParser, parseDump, parseDumpChunks, splitCall } from './parse.js';
export { DigestBuilder, digestOf, type Digest } from './digest.js';
export { analyse, type Analysis } from './analyse.js';
export { type Goroutine } from './model.js';
export { digestDumps, digestHeadline, hangDigestOf, type HangDigest } from './report-digest.js';
