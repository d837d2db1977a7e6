/**
 * One try at handing an event to a client. `refused`: acknowledged with a code other than 200;
 * `no-ack`: no acknowledgement within the ack timeout; `no-connection`: nobody was connected.
 */
export interface WsAttempt {
  readonly at: number;
  readonly connectionId: string | null;
  readonly outcome: 'acked' | 'refused' | 'no-ack' | 'no-connection' | 'pending';
  /** The acknowledgement's `code`. */
  readonly code?: number;
  /** The acknowledgement's `biz_rt` header: the ms the client says it spent. */
  readonly bizRt?: number;
}

/** An event pushed over the long connection, and every attempt at it so far. */
export interface WsDelivery {
  /** The frames' `message_id` header, the same on every attempt. */
  readonly messageId: string;
  /** v2 `header.event_id`, v1 `uuid`. */
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly acked: boolean;
  /** Every attempt failed and Feishu's schedule has no more. */
  readonly givenUp: boolean;
  readonly attempts: readonly WsAttempt[];
}
