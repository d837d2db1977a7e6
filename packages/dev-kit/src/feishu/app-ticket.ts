import { randomUUID } from 'node:crypto';
import { freshEventId } from './fresh-event-id.js';
import { TEST_APP } from './test-app.js';

export interface AppTicketOverrides {
  readonly uuid?: string;
  /** When Feishu pushed it: seconds with a fraction. @defaultValue now */
  readonly ts?: string;
  /** The verification token. @defaultValue `TEST_APP.verificationToken` */
  readonly token?: string;
  /** @defaultValue `TEST_APP.appId` */
  readonly appId?: string;
  /** @defaultValue a fresh `ticket-…` */
  readonly ticket?: string;
}

/** Feishu's `ts`: Unix seconds with a fraction, as a string. */
export function pushTs(nowMs: number): string {
  return (nowMs / 1000).toFixed(7);
}

/**
 * A v1 `app_ticket` push (marketplace apps):
 * https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */
export function appTicket(overrides: AppTicketOverrides = {}): Record<string, unknown> {
  return {
    ts: overrides.ts ?? pushTs(Date.now()),
    uuid: overrides.uuid ?? freshEventId(),
    token: overrides.token ?? TEST_APP.verificationToken,
    type: 'event_callback',
    event: {
      app_id: overrides.appId ?? TEST_APP.appId,
      app_ticket: overrides.ticket ?? `ticket-${randomUUID()}`,
      type: 'app_ticket',
    },
  };
}
