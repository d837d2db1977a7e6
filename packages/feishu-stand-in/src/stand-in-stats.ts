import type { StandInState } from './stand-in-state.js';

/** What the stand-in has counted since it started or was last reset. */
export interface StandInStats {
  /** Every `POST /open-apis/im/v1/messages`, whatever became of it. */
  readonly requests: number;
  /** Sends the rate limiter let through; they count against the limits whatever follows. */
  readonly accepted: number;
  /** Messages recorded (see `messages()`). */
  readonly delivered: number;
  /** Sends answered with the first answer to their uuid; nothing new was delivered. */
  readonly deduplicated: number;
  /** Sends refused with 429 / 99991400 by the rate limiter (scripted throttling counts as `faulted`). */
  readonly throttled: number;
  /** Sends refused for a bad token (99991663) or bad parameters (230001, 230025). */
  readonly rejected: number;
  /** Scripted faults fired, on any endpoint. */
  readonly faulted: number;
  /** Every `POST /open-apis/auth/v3/tenant_access_token/internal`. */
  readonly token_requests: number;
  /** New tokens issued; a token handed back again is not counted. */
  readonly tokens_issued: number;
  /** Token requests refused for missing or wrong credentials. */
  readonly token_rejected: number;
  /** The most accepted sends in any 1 s window. */
  readonly max_accepted_in_any_second: number;
  /** The most accepted sends in any 60 s window. */
  readonly max_accepted_in_any_minute: number;
  /** The most accepted sends to one receive_id in any 1 s window. */
  readonly max_accepted_to_one_receiver_in_any_second: number;
  /** The most send requests, throttled and refused ones too, in any 1 s window: how fast a client tried. */
  readonly max_requests_in_any_second: number;
  /** The same over any 60 s window. */
  readonly max_requests_in_any_minute: number;
}

export function readStats(state: StandInState): StandInStats {
  const accepted = state.limiter.peaks();
  const tried = state.pace.peaks();
  return {
    ...state.counters,
    max_accepted_in_any_second: accepted.perSecond,
    max_accepted_in_any_minute: accepted.perMinute,
    max_accepted_to_one_receiver_in_any_second: accepted.perReceiverPerSecond,
    max_requests_in_any_second: tried.perSecond,
    max_requests_in_any_minute: tried.perMinute,
  };
}
