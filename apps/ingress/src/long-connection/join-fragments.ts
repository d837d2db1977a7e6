/**
 * Feishu splits a large event into `sum` frames numbered by `seq` (0-based), sharing a `message_id`,
 * which may arrive in any order: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 * HeldMessage messages are held in memory only, and only so much of it: an event that cannot be joined is
 * never acknowledged, so Feishu pushes it again anyway.
 */
export interface FragmentLimits {
  /** HeldMessage messages held at once; fragments of one more are dropped. @defaultValue 64 */
  readonly maxMessages?: number;
  /** Bytes held across all partial messages; a message that would pass it is dropped. @defaultValue 8 MiB */
  readonly maxBytes?: number;
  /** A partial message older than this is dropped: Feishu has stopped waiting for it. @defaultValue 5000 */
  readonly staleMs?: number;
  /** Fragments one message may announce. @defaultValue 256 */
  readonly maxFragments?: number;
}

export interface Fragment {
  readonly messageId: string;
  /** The `sum` and `seq` headers as sent; checked here. */
  readonly sum: string | undefined;
  readonly seq: string | undefined;
  readonly payload: Uint8Array;
}

export type DropReason = 'bad-fragment' | 'too-many-messages' | 'too-many-bytes' | 'stale';

export type JoinResult =
  | { readonly kind: 'complete'; readonly payload: Uint8Array }
  | { readonly kind: 'partial' }
  | { readonly kind: 'dropped'; readonly reason: DropReason };

export interface FragmentJoiner {
  add(fragment: Fragment): JoinResult;
  /** What is held now, for tests and logs. */
  held(): { readonly messages: number; readonly bytes: number };
}

interface HeldMessage {
  readonly sum: number;
  readonly startedAt: number;
  readonly parts: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
}

const toIndex = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : /^\d{1,9}$/.test(value) ? Number(value) : NaN;

/** Joins fragments into whole payloads. `onExpire` hears of each partial message dropped as stale. */
export function createFragmentJoiner(
  limits: FragmentLimits,
  now: () => number,
  onExpire: (messageId: string) => void = () => undefined,
): FragmentJoiner {
  const maxMessages = limits.maxMessages ?? 64;
  const maxBytes = limits.maxBytes ?? 8 * 1024 * 1024;
  const staleMs = limits.staleMs ?? 5_000;
  const maxFragments = limits.maxFragments ?? 256;
  const partials = new Map<string, HeldMessage>();
  let heldBytes = 0;

  const forget = (messageId: string, partial: HeldMessage): void => {
    partials.delete(messageId);
    heldBytes -= partial.bytes;
  };

  // Map order is insertion order, so the oldest partial messages come first.
  function expire(at: number): void {
    for (const [messageId, partial] of partials) {
      if (at - partial.startedAt < staleMs) return;
      forget(messageId, partial);
      onExpire(messageId);
    }
  }

  function add({ messageId, sum: sumHeader, seq: seqHeader, payload }: Fragment): JoinResult {
    const at = now();
    expire(at);
    const sum = toIndex(sumHeader, 1);
    const seq = toIndex(seqHeader, 0);
    if (!(sum >= 1 && sum <= maxFragments && seq >= 0 && seq < sum)) {
      const partial = partials.get(messageId);
      if (partial) forget(messageId, partial);
      return { kind: 'dropped', reason: 'bad-fragment' };
    }
    if (sum === 1) return { kind: 'complete', payload };

    let partial = partials.get(messageId);
    if (partial === undefined) {
      if (partials.size >= maxMessages) return { kind: 'dropped', reason: 'too-many-messages' };
      partial = { sum, startedAt: at, parts: new Array<Uint8Array | undefined>(sum), received: 0, bytes: 0 };
      partials.set(messageId, partial);
    } else if (partial.sum !== sum) {
      forget(messageId, partial);
      return { kind: 'dropped', reason: 'bad-fragment' };
    }
    const previous = partial.parts[seq];
    const growth = payload.length - (previous?.length ?? 0);
    if (heldBytes + growth > maxBytes) {
      forget(messageId, partial);
      return { kind: 'dropped', reason: 'too-many-bytes' };
    }
    // A fragment sent twice replaces itself.
    if (previous === undefined) partial.received += 1;
    partial.parts[seq] = payload;
    partial.bytes += growth;
    heldBytes += growth;
    if (partial.received < sum) return { kind: 'partial' };

    forget(messageId, partial);
    return { kind: 'complete', payload: Buffer.concat(partial.parts as Uint8Array[]) };
  }

  return { add, held: () => ({ messages: partials.size, bytes: heldBytes }) };
}
