/**
 * Byte fixtures of openim-protocol.md §2.4 and §4, as hex.
 *
 * The definition lines of vectors A and C as printed in §2.4 are one byte
 * shorter than their own length prefix (0x5d = 93 and 0x60 = 96 payload
 * bytes, but only 92 and 95 follow): the final `00` that ends the wireType
 * struct was lost in transcription. Vector B, which has the same structure,
 * keeps all three closing zeros (fieldType, structType, wireType), and
 * Go's encoder always terminates every struct. The fixtures below are the
 * printed bytes plus that `00`; `VECTOR_A_DEF_AS_PRINTED` keeps the doc's text.
 */

/** §2.4 vector A, definition message as printed in the doc (one byte short). */
export const VECTOR_A_DEF_AS_PRINTED =
  '5dff810301010352657101ff82000106010d5265714964656e7469666965720104000105546f6b656e010c00010653656e644944010c00010b4f7065726174696f6e4944010c0001074d7367496e6372010c00010444617461010a0000';

/** §2.4 vector A: definition of Req (id 65). */
export const VECTOR_A_DEF = VECTOR_A_DEF_AS_PRINTED + '00';
/** §2.4 vector A: value message. */
export const VECTOR_A_VALUE = '1cff8201fe07d20202753101036f7031010475315f3101040a02753100';
/** §2.4 vector A: the whole stream. */
export const VECTOR_A = VECTOR_A_DEF + VECTOR_A_VALUE;

/** §2.4 vector B: hand-built TsReq, other field order, no Token. */
export const VECTOR_B =
  '55ff8103010105547352657101ff82000105010653656e644944010c00010d5265714964656e746966696572010400010b4f7065726174696f6e4944010c0001074d7367496e6372010c00010444617461010a0000001cff820102753101fe07d201036f7031010475315f3101040a02753100';

/** §2.4 vector C definition as printed (one byte short, see above). */
export const VECTOR_C_DEF_AS_PRINTED =
  '60ff85030101045265737001ff86000106010d5265714964656e74696669657201040001074d7367496e6372010c00010b4f7065726174696f6e4944010c000107457272436f646501040001064572724d7367010c00010444617461010a0000';
/** §2.4 vector C: Resp definition (id 67). */
export const VECTOR_C_DEF = VECTOR_C_DEF_AS_PRINTED + '00';
/** §2.4 vector C: success reply to 1001. */
export const VECTOR_C_OK = '12ff8601fe07d2010475315f3101036f703100';
/** §2.4 vector C: error reply 1302 BlockedByPeer to 1003. */
export const VECTOR_C_ERR = '25ff8601fe07d6010475315f3201036f703201fe0a2c010d426c6f636b656442795065657200';
/** §2.4 vector C: kick. */
export const VECTOR_C_KICK = '07ff8601fe0fa400';

/** §4 GetMaxSeqReq{userID:"u1"}. */
export const PB_GET_MAX_SEQ_REQ = '0a027531';
/** §4 GetMaxSeqResp{maxSeqs:{"si_u1_u2":5}}. */
export const PB_GET_MAX_SEQ_RESP = '0a0c0a0873695f75315f75321005';

/** §2.7 JSON example. */
export const JSON_REQ_EXAMPLE = '{"reqIdentifier":1001,"token":"","sendID":"u1","operationID":"op1","msgIncr":"u1_1","data":"CgJ1MQ=="}';

/** Hex → Buffer. */
export function hex(s: string): Buffer {
  return Buffer.from(s, 'hex');
}
