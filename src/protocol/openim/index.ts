/**
 * OpenIM msggateway wire protocol (openim-protocol.md §2–§4, §6.1):
 * gob/JSON envelope, gzip framing, protobuf bodies and constants.
 *
 * @module
 */

export * from './constants.js';
export * from './envelope.js';
export * from './envelope-json.js';
export * from './errors.js';
export * from './frame.js';
export * from './gob/index.js';
export * from './gzip.js';
export * from './messages.js';
export * from './session.js';
export * from './rest.js';
