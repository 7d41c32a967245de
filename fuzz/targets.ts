/**
 * Every decoder that reads bytes from the network, as a fuzz target: its
 * seeds (the §2.4 vectors of openim-protocol.md and encoder outputs), how to
 * run it on one input, which error is its typed error, and any extra check
 * on a value it returns. The contract each one must keep: return a value or
 * throw its typed error — nothing else, no endless loop, no allocation the
 * input does not pay for.
 */
import { gzipSync } from 'node:zlib';
import {
  decodeGetMaxSeqResp,
  decodeGob,
  decodeMsgData,
  decodePushMessages,
  decodeReq,
  decodeResp,
  decodeRespFrame,
  decodeRespJson,
  decodeSendMsgResp,
  encodeGetMaxSeqResp,
  encodeMsgData,
  encodePushMessages,
  encodeReq,
  encodeResp,
  encodeRespJson,
  encodeSendMsgResp,
  gunzipFrame,
  parseErrorBody,
  ProtocolError,
} from '../src/protocol/openim/index.js';
import { PrometheusParseError } from '../src/protocol/prometheus/errors.js';
import { parsePrometheusText, readGauge } from '../src/protocol/prometheus/parse.js';
import * as fx from '../test/protocol/openim/fixtures.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

export interface FuzzTarget {
  readonly name: string;
  readonly seeds: readonly Uint8Array[];
  /** Runs the decoder(s) on one input; returns a problem with the value, or null. */
  run(input: Buffer): string | null;
  /** The decoder's own typed error. */
  isTyped(err: unknown): boolean;
}

/** What gunzip may produce per frame in the fuzzers (small, so a bomb is caught quickly). */
export const GZIP_CAP = 64 * 1024;

const respSeeds = (): Buffer[] => [
  encodeResp({ reqIdentifier: 1001, msgIncr: 'u1_1', operationID: 'op', errCode: 0, errMsg: '', data: hex(fx.PB_GET_MAX_SEQ_RESP) }),
  encodeResp({
    reqIdentifier: 2001,
    msgIncr: '',
    operationID: 'op',
    errCode: 0,
    errMsg: '',
    data: encodePushMessages({ msgs: { si_a_b: { Msgs: [{ clientMsgID: 'c', seq: 3 }], isEnd: false } } }),
  }),
  encodeResp({ reqIdentifier: 1003, msgIncr: 'u1_2', operationID: 'op', errCode: 1302, errMsg: 'BlockedByPeer', data: new Uint8Array(0) }),
];

/** Runs every decoder on the input: a ProtocolError is the expected answer to bad bytes; anything else throws on, as a finding. */
function decodeEach(input: Buffer, decoders: readonly ((b: Buffer) => unknown)[]): null {
  for (const decode of decoders) {
    try {
      decode(input);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
    }
  }
  return null;
}

const gob: FuzzTarget = {
  name: 'gob',
  seeds: [
    hex(fx.VECTOR_A),
    hex(fx.VECTOR_B),
    hex(fx.VECTOR_C_DEF + fx.VECTOR_C_OK),
    hex(fx.VECTOR_C_DEF + fx.VECTOR_C_ERR),
    hex(fx.VECTOR_C_DEF + fx.VECTOR_C_KICK),
    encodeReq({ reqIdentifier: 1003, token: 't', sendID: 'u1', operationID: 'op', msgIncr: 'u1_9', data: Buffer.alloc(40, 1) }),
    ...respSeeds(),
  ],
  run: (input) => decodeEach(input, [decodeReq, decodeResp, (b: Buffer) => decodeGob(b)]),
  isTyped: (err) => err instanceof ProtocolError,
};

const gzip: FuzzTarget = {
  name: 'gzip',
  seeds: [
    ...respSeeds().map((b) => gzipSync(b)),
    // A bomb: 1 MiB of zeros in about a kilobyte.
    gzipSync(Buffer.alloc(1024 * 1024)),
    gzipSync(Buffer.from('x')),
  ],
  run(input) {
    let out: Buffer;
    try {
      out = gunzipFrame(input, GZIP_CAP);
    } catch (err) {
      if (err instanceof ProtocolError) return null;
      throw err;
    }
    if (out.length > GZIP_CAP) return `gunzip produced ${out.length} bytes, over the ${GZIP_CAP} cap`;
    return decodeEach(input, [(b) => decodeRespFrame(b, { compression: 'gzip', encoding: 'gob', maxOutput: GZIP_CAP })]);
  },
  isTyped: (err) => err instanceof ProtocolError,
};

const protobuf: FuzzTarget = {
  name: 'protobuf',
  seeds: [
    hex(fx.PB_GET_MAX_SEQ_RESP),
    Buffer.from(encodeGetMaxSeqResp({ maxSeqs: { si_u1_u2: 5, sg_g1: 99 }, minSeqs: { si_u1_u2: 1 } })),
    Buffer.from(encodeSendMsgResp({ serverMsgID: 's1', clientMsgID: 'c1', sendTime: 1_700_000_000_000 })),
    Buffer.from(
      encodeMsgData({
        sendID: 'u1',
        recvID: 'u2',
        clientMsgID: 'c',
        options: { a: true },
        atUserIDList: ['x'],
        seq: 9,
        content: Buffer.from('{"content":"hi"}'),
      }),
    ),
    Buffer.from(
      encodePushMessages({
        msgs: { si_u1_u2: { Msgs: [{ sendID: 'u1', clientMsgID: 'k', content: hex('7b7d') }], isEnd: true } },
        notificationMsgs: { n: { Msgs: [], isEnd: false } },
      }),
    ),
  ],
  run: (input) => decodeEach(input, [decodeGetMaxSeqResp, decodeSendMsgResp, decodeMsgData, decodePushMessages]),
  isTyped: (err) => err instanceof ProtocolError,
};

const jsonEnvelope: FuzzTarget = {
  name: 'json-envelope',
  seeds: [
    Buffer.from(fx.JSON_REQ_EXAMPLE),
    encodeRespJson({ reqIdentifier: 1001, msgIncr: 'u1_1', operationID: 'op', errCode: 0, errMsg: '', data: hex(fx.PB_GET_MAX_SEQ_RESP) }),
  ],
  run: (input) => decodeEach(input, [decodeRespJson]),
  isTyped: (err) => err instanceof ProtocolError,
};

const prometheus: FuzzTarget = {
  name: 'prometheus',
  seeds: [
    '# HELP online_user_num online users\n# TYPE online_user_num gauge\nonline_user_num 100\n',
    '# TYPE http_requests_total counter\nhttp_requests_total{method="post",code="200"} 1027 1395066363000\nhttp_requests_total{method="post",code="400"}    3 1395066363000\n',
    'metric_without_timestamp_and_labels 12.47\nsomething_weird{problem="division by zero"} +Inf -3982045\n',
    '# TYPE rpc_duration_seconds summary\nrpc_duration_seconds{quantile="0.01"} 3102\nrpc_duration_seconds_sum 1.7560473e+07\nrpc_duration_seconds_count 2693\n',
    'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9\n',
    '# TYPE h histogram\nh_bucket{le="0.05"} 24054\nh_bucket{le="+Inf"} 144320\nh_sum 53423\nh_count 144320\n',
  ].map((s) => Buffer.from(s)),
  run(input) {
    const text = input.toString('utf8');
    try {
      parsePrometheusText(text);
    } catch (err) {
      if (!(err instanceof PrometheusParseError)) throw err;
    }
    try {
      const v = readGauge(text, 'online_user_num');
      if (v !== null && typeof v !== 'number') return `readGauge returned ${typeof v}`;
    } catch (err) {
      if (!(err instanceof PrometheusParseError)) throw err;
    }
    return null;
  },
  isTyped: (err) => err instanceof PrometheusParseError,
};

/** §1.4: the body of a refused handshake. It never throws: anything unreadable is errCode null. */
const handshakeBody: FuzzTarget = {
  name: 'handshake-body',
  seeds: [
    '{"errCode":1501,"errMsg":"TokenExpiredError","errDlt":""}',
    '{"errCode":1004,"errMsg":"RecordNotFoundError","errDlt":": [user not found]"}',
    'HTTP/1.1 200 OK\r\n\r\n{"errCode":0}',
    '<html><body>502 Bad Gateway</body></html>',
  ].map((s) => Buffer.from(s)),
  run(input) {
    const { errCode, errMsg } = parseErrorBody(input.toString('utf8'));
    if (errCode !== null && !Number.isInteger(errCode)) return `errCode ${String(errCode)} is not an integer`;
    if (typeof errMsg !== 'string') return 'errMsg is not a string';
    return null;
  },
  isTyped: () => false,
};

export const fuzzTargets: readonly FuzzTarget[] = [gob, gzip, protobuf, jsonEnvelope, prometheus, handshakeBody];
