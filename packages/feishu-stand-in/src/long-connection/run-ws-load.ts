import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../json-object.js';
import type { FirstAttemptObserver, FirstAttemptSettled } from './ws-delivery-book.js';
import type { WsLoadRequest } from './ws-load-request.js';
import { eventIdOf, withEventId } from './with-event-id.js';

/** Pushes one envelope and tells `observer` how its first attempt ended. */
export type PushObserved = (envelope: JsonObject, observer: FirstAttemptObserver) => void;

/** How a load went, counting first attempts only (re-pushes on Feishu's schedule come later, if at all). */
export interface WsLoadResult {
  readonly pushed: number;
  /** First attempts by outcome: `acked` with code 200, `refused` with another, `no-ack`, `no-connection`. */
  readonly outcomes: Record<FirstAttemptSettled['outcome'], number>;
  /** The first push started → the last first attempt settled, ms. */
  readonly elapsedMs: number;
  /** Frames sent → acknowledgement read, ms (µs precision), of each acked push, in the order acked. */
  readonly ackLatenciesMs: readonly number[];
}

/**
 * The stand-in as a load generator: pushes `count` copies of the envelope, each with its own event id,
 * keeping to the request's window and rate, and resolves once every first attempt has settled (each
 * does within the ack timeout). Pushes made while the observer of another is being told wait for the
 * loop in progress, so a client that settles pushes synchronously does not deepen the stack.
 */
export function runWsLoad(
  push: PushObserved,
  request: WsLoadRequest,
  clock: () => number = () => performance.now(),
): Promise<WsLoadResult> {
  const { count, ratePerSecond } = request;
  const window = request.window ?? Number.POSITIVE_INFINITY;
  const idBase = eventIdOf(request.event) ?? 'load';
  return new Promise((resolve) => {
    const outcomes = { acked: 0, refused: 0, 'no-ack': 0, 'no-connection': 0 };
    const ackLatenciesMs: number[] = [];
    const startedAt = clock();
    let sent = 0;
    let settled = 0;
    let pumping = false;
    let timer: NodeJS.Timeout | undefined;

    /** How many pushes the rate allows by now: the first at once, then one every 1/rate s. */
    const allowed = (): number =>
      ratePerSecond === undefined
        ? count
        : Math.min(count, Math.floor(((clock() - startedAt) * ratePerSecond) / 1_000) + 1);

    const onSettled: FirstAttemptObserver = ({ outcome, elapsedMs }) => {
      settled += 1;
      outcomes[outcome] += 1;
      if (outcome === 'acked') ackLatenciesMs.push(Math.round(elapsedMs * 1_000) / 1_000);
      if (settled < count) {
        pump();
        return;
      }
      clearTimeout(timer);
      resolve({ pushed: sent, outcomes, elapsedMs: clock() - startedAt, ackLatenciesMs });
    };

    function pump(): void {
      if (pumping) return;
      pumping = true;
      let limit = allowed();
      while (sent < limit && sent - settled < window) {
        const n = sent;
        sent += 1;
        push(withEventId(request.event, `${idBase}-${n}`), onSettled);
        limit = allowed();
      }
      pumping = false;
      // Held back by the rate, not the window: come back when the next push is due.
      if (sent < count && sent >= limit && timer === undefined && ratePerSecond !== undefined) {
        const dueInMs = (sent * 1_000) / ratePerSecond - (clock() - startedAt);
        timer = setTimeout(
          () => {
            timer = undefined;
            pump();
          },
          Math.max(1, dueInMs),
        );
      }
    }

    pump();
  });
}
