/**
 * Reading goroutine dumps: parse (Go debug=2 / debug=1, and the embedded
 * gateway's task dump, which uses Go's format), digest, diff and explain.
 */
export { DumpParser, forEachLine, parseDump, parseDumpChunks, splitCall } from './parse.js';
export { DigestBuilder, digestOf, maxIdsPerGroup, waitSite, type Digest, type DigestGroup } from './digest.js';
export { analyse, chainName, chainText, groupLine, type Analysis, type LoopFinding } from './analyse.js';
export { isRuntimeFrame, shortFunc, site, userFrame, waitClass, type CreatedBy, type Frame, type Goroutine, type WaitClass } from './model.js';
export { digestDumps, digestHeadline, hangDigestOf, maxReportGroups, type HangDigest, type HangDigestGroup } from './report-digest.js';
