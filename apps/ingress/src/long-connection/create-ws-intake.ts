import { ackFrame, warnSparingly, type Logger, type WsFrame } from '@feishu-welcome/shared';
import type { IngressMetrics } from '../ingress-metrics.js';
import type { IngressOutcome } from '../ingress-outcome.js';
import { logOutcome } from '../log-outcome.js';
import { ackCodeFor } from './ack-code.js';
import { createFragmentJoiner, type FragmentLimits } from './join-fragments.js';
import type { WsEventHandler } from './open-ws-event.js';
import type { WsMetrics } from './ws-metrics.js';

export interface WsIntakeDeps {
  readonly handleEvent: WsEventHandler;
  readonly log: Logger;
  readonly metrics: IngressMetrics;
  readonly wsMetrics: WsMetrics;
  readonly fragments?: FragmentLimits;
  /**
   * Events being stored at once beyond which a new one is refused at once (code 500: Feishu pushes it
   * again), so that a burst while Redis is slow cannot grow the process without bound.
   * @defaultValue 1_000
   */
  readonly maxInFlight?: number;
}

export interface WsIntake {
  /** A data frame from the connection, and how to answer on the socket it came by. */
  readonly onData: (frame: WsFrame, reply: (bytes: Uint8Array) => boolean) => void;
  /** Takes no new frames, and resolves once every event in flight has been acknowledged. */
  readonly drain: () => Promise<void>;
}

const elapsedSeconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * What the ingress does with the long connection's data frames: join fragments, handle each whole event
 * like a webhook push, and acknowledge it on the socket it came by with the code its outcome maps to.
 * Each acknowledgement goes as soon as the event's outcome is known: the enqueue's own deadline
 * (ENQUEUE_TIMEOUT_MS, at most 2.5 s) keeps it within Feishu's 3 s of the frame that completed it.
 */
export function createWsIntake(deps: WsIntakeDeps): WsIntake {
  const { log } = deps;
  const staleWarning = warnSparingly(log, 'partial event dropped as stale; Feishu will push it again');
  const droppedWarning = warnSparingly(log, 'fragment dropped; Feishu will push the event again');
  const joiner = createFragmentJoiner(deps.fragments ?? {}, Date.now, (messageId) =>
    staleWarning({ messageId }),
  );
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = deps.maxInFlight ?? 1_000;
  let draining = false;
  let overloaded = false;

  async function acknowledge(
    frame: WsFrame,
    payload: Uint8Array,
    since: bigint,
    reply: (bytes: Uint8Array) => boolean,
    eventLog: Logger,
  ): Promise<void> {
    const type = frame.headers.get('type');
    const messageId = frame.headers.get('message_id') ?? '';
    // Card callbacks and any other kind of data are not the product's: acknowledged and counted.
    const outcome: IngressOutcome =
      type === 'event'
        ? await deps.handleEvent(payload)
        : { kind: 'ignored', eventId: messageId, eventType: type === 'card' ? 'card' : 'unknown' };
    const code = ackCodeFor(outcome);
    const seconds = elapsedSeconds(since);
    const sent = reply(ackFrame(frame, code, seconds * 1_000));
    deps.metrics.observe(outcome, seconds);
    deps.wsMetrics.event(code === 200 && sent ? 'acked' : 'refused');
    logOutcome(eventLog, outcome);
    if (!sent) eventLog.warn({ code }, 'acknowledgement not sent: the connection had closed');
  }

  return {
    onData(frame, reply) {
      const since = process.hrtime.bigint();
      const messageId = frame.headers.get('message_id') ?? '';
      const traceId = frame.headers.get('trace_id');
      // Left unanswered, the frame is pushed again by Feishu, to a connection that is staying.
      if (draining) {
        log.info({ messageId, traceId }, 'frame left unanswered: shutting down');
        return;
      }
      const joined = joiner.add({
        messageId,
        sum: frame.headers.get('sum'),
        seq: frame.headers.get('seq'),
        payload: frame.payload ?? new Uint8Array(),
      });
      if (joined.kind === 'partial') return;
      if (joined.kind === 'dropped') {
        droppedWarning({ messageId, traceId, reason: joined.reason });
        return;
      }
      deps.wsMetrics.event('received');
      if (inFlight.size >= maxInFlight) {
        if (!overloaded)
          log.warn({ inFlight: inFlight.size }, 'too many events being stored; refusing new ones');
        overloaded = true;
        reply(ackFrame(frame, 500, elapsedSeconds(since) * 1_000));
        deps.wsMetrics.event('refused');
        return;
      }
      if (overloaded) log.info('events are being stored again');
      overloaded = false;
      const eventLog = log.child({ messageId, traceId });
      const work = acknowledge(frame, joined.payload, since, reply, eventLog).catch((error: unknown) => {
        eventLog.error({ err: error }, 'event not handled; Feishu will push it again');
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    async drain() {
      draining = true;
      await Promise.all(inFlight);
    },
  };
}
