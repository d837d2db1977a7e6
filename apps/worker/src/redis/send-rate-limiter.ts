import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '@feishu-welcome/shared';
import { PAUSE_SCRIPT, SETTLE_SCRIPT, TAKE_TURN_SCRIPT } from './send-rate-scripts.js';

/**
 * A send is granted here and reaches Feishu a little later, by a delay that varies; windows a little
 * longer than Feishu's keep two grants that were a window apart from arriving closer than that.
 */
export const WINDOW_PADDING_MS = 50;

/** Whose sends share one limit: Feishu counts them per app and per tenant. */
export interface SendScope {
  readonly appId: string;
  readonly tenantKey: string;
}

export interface SendRateLimits {
  readonly perSecond: number;
  readonly perMinute: number;
}

/** Why a job waits for its turn to send. */
export type SendWaitReason = 'tenant-limit' | 'throttled';

/** The answer to a job asking for its turn: send now, or come back later. */
export type SendTurn =
  | {
      readonly kind: 'send';
      /**
       * Call once the send has been answered (or has failed): the grant is then counted from now. Without
       * this, a send that reached Feishu late (a cold connection, a slow network) could land in the same
       * Feishu window as sends granted a full window after it.
       */
      settle(): Promise<void>;
    }
  | {
      readonly kind: 'wait';
      /** `throttled` while Feishu's pause holds the scope, else `tenant-limit`. */
      readonly reason: SendWaitReason;
      /** How long until the job's reserved turn, on Redis's clock. */
      readonly waitMs: number;
    };

export interface SendRateLimiter {
  /**
   * Answers at once whether the job holding `ticket` may send one message for `scope` now. If not, the
   * job has a turn reserved and is told when it comes: it should leave and ask again then, with the same
   * ticket (a job's id), so that jobs waiting on one scope are spread over time instead of all asking
   * at once. Rejects with a `TypeError` for a scope missing its app or tenant.
   */
  takeTurn(scope: SendScope, ticket: string): Promise<SendTurn>;
  /** Holds every sender of `scope`, in every process, back for `ms` (Feishu said we were too fast). */
  pause(scope: SendScope, ms: number): Promise<void>;
}

/**
 * The least time after its turn a send is expected to be answered (BullMQ bringing the job back, the
 * call to Feishu). The plan counts a turn from then, so that a send answered a little late does not
 * make every later turn come a little early, for the log to refuse; the limiter raises it to about the
 * slowest of a scope's recent sends (see send-rate-scripts.ts). A send answered later than expected
 * slides the plan.
 */
export const PLAN_SLACK_MS = 25;

type LimiterRedis = RedisConnection & {
  fwTakeSendTurn(
    log: string,
    plan: string,
    pause: string,
    state: string,
    clock: Clock,
    ...args: Array<string | number>
  ): Promise<[number, number, number]>;
  fwPauseSends(
    pause: string,
    plan: string,
    state: string,
    clock: Clock,
    ms: number,
    slackMs: number,
  ): Promise<number>;
  fwSettleSend(
    log: string,
    plan: string,
    state: string,
    clock: Clock,
    ...args: Array<string | number>
  ): Promise<number>;
};

/** A script's clock argument: a fixed time in ms, or '' for Redis's own. */
type Clock = number | '';

/**
 * Feishu's IM limits (50/s and 1000/min per app per tenant) held across all worker replicas, without
 * anyone waiting in a worker: a job that may not send yet is given a turn and leaves.
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 *
 * `now` replaces Redis's clock, for tests of the window edges only: processes that do not share one
 * clock do not share one window.
 */
export function createSendRateLimiter(
  redis: RedisConnection,
  limits: SendRateLimits,
  prefix: string,
  now?: () => number,
): SendRateLimiter {
  // Defining a command again (a second limiter on one connection) only replaces it with the same script.
  redis.defineCommand('fwTakeSendTurn', { numberOfKeys: 4, lua: TAKE_TURN_SCRIPT });
  redis.defineCommand('fwPauseSends', { numberOfKeys: 3, lua: PAUSE_SCRIPT });
  redis.defineCommand('fwSettleSend', { numberOfKeys: 3, lua: SETTLE_SCRIPT });
  const client = redis as LimiterRedis;
  // Any argument that is not a number selects Redis's clock, so a mutated '' changes nothing.
  // Stryker disable next-line StringLiteral: equivalent
  const clock = (): Clock => now?.() ?? '';
  const keys = (scope: SendScope) => {
    if (!scope.appId || !scope.tenantKey) {
      throw new TypeError('a send rate scope needs an app id and a tenant key');
    }
    // Encoded, so that no app and tenant pair can spell another's key; hash tags keep every key of a
    // scope in one Redis Cluster slot.
    const tag = `${prefix}:{send-rate:${encodeURIComponent(scope.appId)}:${encodeURIComponent(scope.tenantKey)}}`;
    return { log: `${tag}:log`, plan: `${tag}:plan`, pause: `${tag}:pause`, state: `${tag}:state` };
  };

  return {
    async takeTurn(scope, ticket) {
      const { log, plan, pause, state } = keys(scope);
      const member = randomUUID();
      const [waits, value, detail] = await client.fwTakeSendTurn(
        log,
        plan,
        pause,
        state,
        clock(),
        limits.perSecond,
        limits.perMinute,
        1000 + WINDOW_PADDING_MS,
        60_000 + WINDOW_PADDING_MS,
        `job:${ticket}`,
        member,
        PLAN_SLACK_MS,
      );
      if (waits === 1) {
        return { kind: 'wait', reason: detail === 1 ? 'throttled' : 'tenant-limit', waitMs: value };
      }
      const settle = async () =>
        void (await client.fwSettleSend(
          log,
          plan,
          state,
          clock(),
          member,
          value,
          detail,
          PLAN_SLACK_MS,
          limits.perSecond,
        ));
      return { kind: 'send', settle };
    },
    async pause(scope, ms) {
      const { pause, plan, state } = keys(scope);
      await client.fwPauseSends(pause, plan, state, clock(), Math.max(1, Math.ceil(ms)), PLAN_SLACK_MS);
    },
  };
}
