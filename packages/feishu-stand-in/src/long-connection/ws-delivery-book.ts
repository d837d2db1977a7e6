import type { Logger, WsFrame } from '@feishu-welcome/shared';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describeEnvelope } from './describe-envelope.js';
import type { LongConnectionSettings } from './long-connection-options.js';
import { type FragmentOrder, pushFrames } from './push-frames.js';
import type { WsConnectionBook } from './ws-connection-book.js';
import type { WsAttempt, WsDelivery } from './ws-delivery.js';

export interface WsPushOptions {
  /** How many frames the payload is cut into. @defaultValue `1` */
  readonly fragments?: number;
  /** The order the fragments are sent in. @defaultValue `'forward'` */
  readonly order?: FragmentOrder;
}

type Attempt = { -readonly [K in keyof WsAttempt]: WsAttempt[K] };

/** How the first attempt at a push ended, and how long after its frames were sent (high resolution). */
export interface FirstAttemptSettled {
  readonly outcome: Exclude<WsAttempt['outcome'], 'pending'>;
  readonly code?: number;
  /** Frames sent → acknowledgement read (or the ack timeout); 0 when nobody was connected. */
  readonly elapsedMs: number;
}

/** Told once, when the first attempt at a push settles: what a load generator times. */
export type FirstAttemptObserver = (settled: FirstAttemptSettled) => void;

interface Entry {
  readonly messageId: string;
  readonly traceId: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly payload: Uint8Array;
  readonly fragments: number;
  readonly order: FragmentOrder;
  readonly attempts: Attempt[];
  acked: boolean;
  givenUp: boolean;
  /** The ack timeout of the pending attempt, or the wait before the next one. */
  timer: NodeJS.Timeout | undefined;
  /** `performance.now()` when the pending attempt's frames were sent. */
  sentAt: number;
  observer: FirstAttemptObserver | undefined;
}

/** Enough history for any test; settled deliveries past it drop off, oldest first. */
const KEEP_DELIVERIES = 10_000;

export interface WsDeliveryDeps {
  readonly connections: WsConnectionBook;
  readonly settings: LongConnectionSettings;
  readonly now: () => number;
  readonly log: Logger | undefined;
}

function readAckCode(payload: Uint8Array | undefined): number | undefined {
  if (payload === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    const code =
      typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function snapshot(entry: Entry): WsDelivery {
  return {
    messageId: entry.messageId,
    eventId: entry.eventId,
    eventType: entry.eventType,
    acked: entry.acked,
    givenUp: entry.givenUp,
    attempts: entry.attempts.map((attempt) => ({ ...attempt })),
  };
}

/**
 * Pushes events to connected clients and keeps at them on Feishu's schedule until one acknowledges
 * with code 200 or the schedule runs out.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export class WsDeliveryBook {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly deps: WsDeliveryDeps) {}

  push(
    envelope: Record<string, unknown>,
    options: WsPushOptions = {},
    observer?: FirstAttemptObserver,
  ): WsDelivery {
    const described = describeEnvelope(envelope);
    const entry: Entry = {
      messageId: randomBytes(16).toString('hex'),
      traceId: randomBytes(8).toString('hex'),
      ...described,
      fragments: options.fragments ?? 1,
      order: options.order ?? 'forward',
      attempts: [],
      acked: false,
      givenUp: false,
      timer: undefined,
      sentAt: 0,
      observer,
    };
    this.#entries.set(entry.messageId, entry);
    this.#forgetOld();
    this.#attempt(entry);
    return snapshot(entry);
  }

  /** Takes a data frame from a connection as the acknowledgement of the attempt sent on it, if there is one. */
  acknowledge(connectionId: string, frame: WsFrame): void {
    const entry = this.#entries.get(frame.headers.get('message_id') ?? '');
    const attempt = entry?.attempts.at(-1);
    // Late acknowledgements of timed-out attempts, and acks on another connection, change nothing.
    if (entry === undefined || attempt?.outcome !== 'pending' || attempt.connectionId !== connectionId)
      return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const code = readAckCode(frame.payload);
    const bizRt = Number(frame.headers.get('biz_rt'));
    if (code !== undefined) attempt.code = code;
    if (frame.headers.has('biz_rt') && Number.isFinite(bizRt)) attempt.bizRt = bizRt;
    attempt.outcome = code === 200 ? 'acked' : 'refused';
    this.#note(entry, attempt, performance.now() - entry.sentAt);
    if (code === 200) entry.acked = true;
    else this.#scheduleNext(entry);
  }

  list(filter?: { readonly eventId?: string }): readonly WsDelivery[] {
    const all = [...this.#entries.values()];
    const wanted = filter?.eventId === undefined ? all : all.filter((e) => e.eventId === filter.eventId);
    return wanted.map(snapshot);
  }

  /**
   * Forgets every delivery and stops its timers. A first attempt still pending is told to its observer
   * as not acknowledged, once the book is empty: pushes that observer makes then are new deliveries.
   */
  clear(): void {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const entry of entries) clearTimeout(entry.timer);
    for (const entry of entries) {
      // An observer is still there only while the first attempt is pending.
      const { observer } = entry;
      entry.observer = undefined;
      observer?.({ outcome: 'no-ack', elapsedMs: performance.now() - entry.sentAt });
    }
  }

  #attempt(entry: Entry): void {
    entry.timer = undefined;
    const connection = this.deps.connections.pickOpen();
    const attempt: Attempt = {
      at: this.deps.now(),
      connectionId: connection?.id ?? null,
      outcome: 'pending',
    };
    entry.attempts.push(attempt);
    if (connection === undefined) {
      attempt.outcome = 'no-connection';
      this.#note(entry, attempt, 0);
      this.#scheduleNext(entry);
      return;
    }
    const frames = pushFrames({
      messageId: entry.messageId,
      traceId: entry.traceId,
      service: connection.serviceId,
      payload: entry.payload,
      fragments: entry.fragments,
      order: entry.order,
    });
    entry.sentAt = performance.now();
    for (const frame of frames) connection.socket.send(frame);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      attempt.outcome = 'no-ack';
      this.#note(entry, attempt, performance.now() - entry.sentAt);
      this.#scheduleNext(entry);
    }, this.deps.settings.ackTimeoutMs);
    entry.timer.unref();
  }

  #scheduleNext(entry: Entry): void {
    const delay = this.deps.settings.repushDelaysMs[entry.attempts.length - 1];
    if (delay === undefined) {
      entry.givenUp = true;
      this.deps.log?.warn(
        { messageId: entry.messageId, eventId: entry.eventId, attempts: entry.attempts.length },
        'ws push given up',
      );
      return;
    }
    entry.timer = setTimeout(() => this.#attempt(entry), delay);
    entry.timer.unref();
  }

  /** Logs a settled attempt, and tells the push's observer of the first. */
  #note(entry: Entry, attempt: Attempt, elapsedMs: number): void {
    const { observer } = entry;
    entry.observer = undefined;
    if (observer !== undefined && attempt.outcome !== 'pending') {
      observer({
        outcome: attempt.outcome,
        ...(attempt.code === undefined ? {} : { code: attempt.code }),
        elapsedMs,
      });
    }
    this.deps.log?.info(
      {
        messageId: entry.messageId,
        eventId: entry.eventId,
        attempt: entry.attempts.length,
        connectionId: attempt.connectionId,
        outcome: attempt.outcome,
        code: attempt.code,
      },
      'ws push attempt',
    );
  }

  #forgetOld(): void {
    if (this.#entries.size <= KEEP_DELIVERIES) return;
    for (const [messageId, entry] of this.#entries) {
      if (this.#entries.size <= KEEP_DELIVERIES) return;
      if (entry.timer === undefined) this.#entries.delete(messageId);
    }
  }
}
