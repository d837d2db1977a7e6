import { FrameMethod, encodeWsFrame } from '@feishu-welcome/shared';
import { randomInt } from 'node:crypto';

/** The order the fragments of one push are sent in; a client must join them by `seq`, not by arrival. */
export type FragmentOrder = 'forward' | 'reverse' | 'shuffle';

export interface PushFramesInput {
  readonly messageId: string;
  readonly traceId: string;
  /** The connection's `service_id`. */
  readonly service: number;
  readonly payload: Uint8Array;
  /** How many parts the payload is cut into; more than it has bytes gives one byte each. */
  readonly fragments: number;
  readonly order: FragmentOrder;
}

/** A random unsigned 63-bit id as a decimal string, for `SeqID` and `LogID`. */
function randomId(): string {
  const high = BigInt(randomInt(0, 2 ** 31));
  const low = BigInt(randomInt(0, 2 ** 32 - 1));
  return ((high << 32n) | low).toString();
}

/** Cuts the bytes into `count` parts of nearly equal length, none empty. */
export function splitPayload(payload: Uint8Array, count: number): Uint8Array[] {
  const parts = Math.max(1, Math.min(count, payload.length));
  const size = Math.floor(payload.length / parts);
  const extra = payload.length % parts;
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < parts; i += 1) {
    const end = start + size + (i < extra ? 1 : 0);
    pieces.push(payload.subarray(start, end));
    start = end;
  }
  return pieces;
}

function arrange<T>(items: T[], order: FragmentOrder): T[] {
  if (order === 'forward') return items;
  if (order === 'reverse') return items.reverse();
  // Fisher–Yates; a shuffle that happens to keep the order is still a valid test of joining by seq.
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = randomInt(0, i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * The data frames of one push: `type=event`, with `sum` parts numbered by `seq` from 0, all under one
 * `message_id`, as Feishu splits a large event.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export function pushFrames(input: PushFramesInput): Uint8Array[] {
  const pieces = splitPayload(input.payload, input.fragments);
  const frames = pieces.map((piece, seq) =>
    encodeWsFrame({
      seqId: randomId(),
      logId: randomId(),
      service: input.service,
      method: FrameMethod.data,
      headers: [
        ['type', 'event'],
        ['message_id', input.messageId],
        ['sum', String(pieces.length)],
        ['seq', String(seq)],
        ['trace_id', input.traceId],
      ],
      payload: piece,
    }),
  );
  return arrange(frames, input.order);
}
