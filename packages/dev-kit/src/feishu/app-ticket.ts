import { randomUUID } from 'node:crypto';
import { freshEventId } from './fresh-event-id.js';
import { TEST_APP } from './test-app.js';

/**
 * A v1 `app_ticket` push (marketplace apps):
 * https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */
export function appTicket(overrides: { uuid?: string } = {}): Record<string, unknown> {
  return {
    ts: '1502199207.7171419',
    uuid: overrides.uuid ?? freshEventId(),
    token: TEST_APP.verificationToken,
    type: 'event_callback',
    event: { app_id: TEST_APP.appId, app_ticket: `ticket-${randomUUID()}`, type: 'app_ticket' },
  };
}
