import protobuf from 'protobufjs';

/**
 * Feishu's long-connection frame, `pbbp2.Frame` (proto2): every message on the WebSocket, both ways,
 * is one of these, binary. Fields 1–4 are required.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 * and the official SDKs' `ws` clients (node-sdk `ws-client/proto-buf`).
 */
const FrameType = new protobuf.Type('Frame')
  .add(new protobuf.Field('SeqID', 1, 'uint64', 'required'))
  .add(new protobuf.Field('LogID', 2, 'uint64', 'required'))
  .add(new protobuf.Field('service', 3, 'int32', 'required'))
  .add(new protobuf.Field('method', 4, 'int32', 'required'))
  .add(new protobuf.Field('headers', 5, 'Header', 'repeated'))
  .add(new protobuf.Field('payloadEncoding', 6, 'string', 'optional'))
  .add(new protobuf.Field('payloadType', 7, 'string', 'optional'))
  .add(new protobuf.Field('payload', 8, 'bytes', 'optional'))
  .add(new protobuf.Field('LogIDNew', 9, 'string', 'optional'));
const HeaderType = new protobuf.Type('Header')
  .add(new protobuf.Field('key', 1, 'string', 'required'))
  .add(new protobuf.Field('value', 2, 'string', 'required'));
// Resolving settles proto2's field presence, so that a frame missing a required field is refused.
new protobuf.Root().define('pbbp2').add(HeaderType).add(FrameType).root.resolveAll();

/** `method`: control frames carry ping and pong; data frames carry events and their acknowledgements. */
export const FrameMethod = { control: 0, data: 1 } as const;

/** The `type` header's values. */
export type FrameKind = 'event' | 'card' | 'ping' | 'pong';

export interface WsFrame {
  /** 64-bit on the wire; kept as a decimal string so that no digit is lost. */
  readonly seqId: string;
  readonly logId: string;
  readonly service: number;
  readonly method: number;
  /** Header keys in Feishu's use: `type`, `message_id`, `sum`, `seq`, `trace_id`, `biz_rt`. */
  readonly headers: ReadonlyMap<string, string>;
  readonly payload: Uint8Array | undefined;
  /** Fields the frame carried that this code does not read, handed back unchanged in a reply. */
  readonly extra: {
    readonly payloadEncoding?: string;
    readonly payloadType?: string;
    readonly logIdNew?: string;
  };
}

/** A frame that is not a well-formed `pbbp2.Frame`. */
export class WsFrameError extends Error {
  override readonly name = 'WsFrameError';
}

/** The frame as protobufjs's `toObject` gives it, 64-bit ids as decimal strings. */
interface DecodedFrame {
  SeqID: string;
  LogID: string;
  service: number;
  method: number;
  headers?: { key: string; value: string }[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

/** Reads one binary frame; throws `WsFrameError` when it is not one. */
export function decodeWsFrame(bytes: Uint8Array): WsFrame {
  let raw: DecodedFrame;
  try {
    raw = FrameType.toObject(FrameType.decode(bytes), { longs: String }) as DecodedFrame;
  } catch (cause) {
    throw new WsFrameError('not a pbbp2.Frame', { cause });
  }
  const headers = new Map<string, string>();
  for (const { key, value } of raw.headers ?? []) headers.set(key, value);
  return {
    seqId: raw.SeqID,
    logId: raw.LogID,
    service: raw.service,
    method: raw.method,
    headers,
    payload: raw.payload && raw.payload.length > 0 ? raw.payload : undefined,
    extra: {
      ...(raw.payloadEncoding ? { payloadEncoding: raw.payloadEncoding } : {}),
      ...(raw.payloadType ? { payloadType: raw.payloadType } : {}),
      ...(raw.LogIDNew ? { logIdNew: raw.LogIDNew } : {}),
    },
  };
}

/** What `encodeWsFrame` takes: ids default to 0, headers keep their order. */
export interface WsFrameInput {
  readonly seqId?: string;
  readonly logId?: string;
  readonly service: number;
  readonly method: number;
  readonly headers: Iterable<readonly [string, string]>;
  readonly payload?: Uint8Array;
  readonly extra?: WsFrame['extra'];
}

/** Writes one frame as the bytes of one binary WebSocket message. */
export function encodeWsFrame(frame: WsFrameInput): Uint8Array {
  const message = FrameType.fromObject({
    SeqID: frame.seqId ?? '0',
    LogID: frame.logId ?? '0',
    service: frame.service,
    method: frame.method,
    headers: [...frame.headers].map(([key, value]) => ({ key, value })),
    ...(frame.payload ? { payload: frame.payload } : {}),
    ...(frame.extra?.payloadEncoding ? { payloadEncoding: frame.extra.payloadEncoding } : {}),
    ...(frame.extra?.payloadType ? { payloadType: frame.extra.payloadType } : {}),
    ...(frame.extra?.logIdNew ? { LogIDNew: frame.extra.logIdNew } : {}),
  });
  return FrameType.encode(message).finish();
}

/**
 * The acknowledgement of a data frame: the same frame back, with `biz_rt` (ms spent) added to its
 * headers and `{"code":…}` as its payload. 200 means handled; anything else makes Feishu push again.
 */
export function ackFrame(frame: WsFrame, code: number, elapsedMs: number): Uint8Array {
  return encodeWsFrame({
    ...frame,
    headers: [...frame.headers, ['biz_rt', String(Math.max(0, Math.round(elapsedMs)))]],
    payload: new TextEncoder().encode(JSON.stringify({ code })),
  });
}

/**
 * The client configuration the endpoint answers and every pong carries, in seconds.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export interface WsClientConfig {
  readonly PingInterval: number;
  readonly ReconnectCount: number;
  readonly ReconnectInterval: number;
  readonly ReconnectNonce: number;
}
