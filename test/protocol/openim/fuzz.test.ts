/**
 * Bounded random mutation of the fixtures (seeded, reproducible): every
 * decode either returns a value or throws ProtocolError, never anything else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  decodeGob,
  decodeGetMaxSeqResp,
  decodeMsgData,
  decodePushMessages,
  decodeReq,
  decodeReqFrame,
  decodeReqJson,
  decodeResp,
  encodeMsgData,
  encodePushMessages,
  GobTypeId as T,
  ProtocolError,
} from '../../../src/protocol/openim/index.js';
import { defMap, defSlice, defStruct, message } from './gob-builder.js';
import * as fx from './fixtures.js';
import { hex } from './fixtures.js';
import { seededRandom as prng } from '../../helpers/random.js';

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xf8, 0xf9, 0xfe, 0xff];

/** One to three random edits: flip, set, insert, delete, truncate, duplicate. */
function mutate(src: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(src);
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * Math.max(b.length, 1));
    switch (Math.floor(rnd() * 6)) {
      case 0:
        if (b.length > 0) b[at] = (b[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
        break;
      case 1:
        if (b.length > 0) b[at] = INTERESTING[Math.floor(rnd() * INTERESTING.length)] ?? 0;
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rnd() * 256)]), b.subarray(at)]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        break;
      case 4:
        b = b.subarray(0, at);
        break;
      default: {
        const len = Math.floor(rnd() * 8);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
      }
    }
  }
  return b;
}

function nested(): Buffer {
  return Buffer.concat([
    defStruct(65, 'Outer', [
      ['ReqIdentifier', T.int],
      ['Kids', 66],
      ['M', 67],
      ['Self', 65],
      ['F', T.float],
      ['Data', T.bytes],
    ]),
    defSlice(66, '[]string', T.string),
    defMap(67, 'map[int]bool', T.int, T.bool),
    message((w) => {
      w.writeInt(65);
      w.writeUint(1);
      w.writeInt(1001);
      w.writeUint(1);
      w.writeUint(2);
      w.writeString('a');
      w.writeString('b');
      w.writeUint(1);
      w.writeUint(1);
      w.writeInt(3);
      w.writeBool(true);
      w.writeUint(1);
      w.writeUint(1);
      w.writeInt(5);
      w.writeUint(0);
      w.writeUint(3);
      w.writeBytes(hex('00ff'));
      w.writeUint(0);
    }),
  ]);
}

function expectOnlyProtocolErrors(seeds: readonly Buffer[], decoders: readonly ((b: Buffer) => unknown)[], n: number, seed: number): void {
  const rnd = prng(seed);
  for (let i = 0; i < n; i++) {
    const src = seeds[i % seeds.length]!;
    const input = mutate(src, rnd);
    for (const decode of decoders) {
      try {
        decode(input);
      } catch (err) {
        if (!(err instanceof ProtocolError)) {
          assert.fail(`iteration ${i}: ${String(err)} for input ${input.toString('hex')}`);
        }
      }
    }
  }
}

describe('random mutations', () => {
  it('gob: 2,000 mutations of vectors A, B, C and a nested stream', () => {
    const seeds = [
      hex(fx.VECTOR_A),
      hex(fx.VECTOR_B),
      hex(fx.VECTOR_C_DEF + fx.VECTOR_C_OK),
      hex(fx.VECTOR_C_DEF + fx.VECTOR_C_ERR),
      hex(fx.VECTOR_C_DEF + fx.VECTOR_C_KICK),
      nested(),
    ];
    expectOnlyProtocolErrors(seeds, [decodeReq, decodeResp, (b) => decodeGob(b)], 2000, 0x5eed);
  });

  it('gzip frames, JSON and protobuf: 500 mutations each', () => {
    const opts = { compression: 'gzip', encoding: 'gob', maxOutput: 4096 } as const;
    expectOnlyProtocolErrors([gzipSync(hex(fx.VECTOR_A))], [(b) => decodeReqFrame(b, opts)], 500, 1);
    expectOnlyProtocolErrors([Buffer.from(fx.JSON_REQ_EXAMPLE)], [decodeReqJson], 500, 2);
    const pb = [
      hex(fx.PB_GET_MAX_SEQ_RESP),
      Buffer.from(encodeMsgData({ sendID: 'u1', recvID: 'u2', options: { a: true }, atUserIDList: ['x'], seq: 9 })),
      Buffer.from(encodePushMessages({ msgs: { si_u1_u2: { Msgs: [{ sendID: 'u1', content: hex('7b7d') }], isEnd: true } } })),
    ];
    expectOnlyProtocolErrors(pb, [decodeGetMaxSeqResp, decodeMsgData, decodePushMessages], 500, 3);
  });
});
