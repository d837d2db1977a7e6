import { TEST_APP, appTicket, botP2pChatEntered, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import { formatJobName, type BoardJob } from './format-job-name.js';

const NOW_MS = 1_700_000_000_000;
const OWNER = `tenant ${TEST_APP.tenantKey} · app ${TEST_APP.appId}`;

/** A job as the ingress stores it: the push without its token, under `envelope`. */
function jobOf(push: Record<string, unknown>, job: Partial<BoardJob> = {}): BoardJob {
  const { token: _token, ...envelope } = push;
  const eventType = String((push['header'] as { event_type?: string } | undefined)?.event_type ?? 'x');
  return {
    name: eventType,
    data: { eventId: 'e-1', eventType, receivedAt: NOW_MS, envelope },
    progress: 0,
    ...job,
  };
}
const p2p = (job: Partial<BoardJob> = {}) =>
  jobOf(p2pChatCreate(makeUser()), { name: 'p2p_chat_create', ...job });

describe('formatJobName', () => {
  it('names the tenant and app of a v1 p2p_chat_create', () => {
    expect(formatJobName(p2p())).toBe(`p2p_chat_create · ${OWNER}`);
  });

  it('names the tenant and app of a v2 event, from its header', () => {
    expect(formatJobName(jobOf(botP2pChatEntered(makeUser())))).toBe(
      `im.chat.access_event.bot_p2p_chat_entered_v1 · ${OWNER}`,
    );
  });

  it('names only the app of an app_ticket, which belongs to no tenant', () => {
    expect(formatJobName(jobOf(appTicket(), { name: 'app_ticket' }))).toBe(
      `app_ticket · app ${TEST_APP.appId}`,
    );
  });

  it.each([
    ['ticket', 'waiting for the app_ticket'],
    ['tenant-limit', 'waiting: tenant at its limit'],
    ['throttled', 'waiting: throttled by Feishu'],
  ])('says why a job waits (%s) and until when', (waiting, label) => {
    const progress = { waiting, until: new Date(NOW_MS + 3_000).toISOString() };
    expect(formatJobName(p2p({ progress }))).toBe(`p2p_chat_create · ${OWNER} · ${label} until 22:13:23Z`);
  });

  it('reads a wait whose end is in Unix milliseconds, or has none', () => {
    expect(formatJobName(p2p({ progress: { waiting: 'throttled', until: NOW_MS } }))).toBe(
      `p2p_chat_create · ${OWNER} · waiting: throttled by Feishu until 22:13:20Z`,
    );
    expect(formatJobName(p2p({ progress: { waiting: 'throttled', until: 'soon' } }))).toBe(
      `p2p_chat_create · ${OWNER} · waiting: throttled by Feishu`,
    );
  });

  it('says no wait once the job goes on (progress 0), or once it is finished', () => {
    expect(formatJobName(p2p({ progress: 0 }))).toBe(`p2p_chat_create · ${OWNER}`);
    const stale = { waiting: 'tenant-limit', until: new Date(NOW_MS).toISOString() };
    expect(formatJobName(p2p({ progress: stale, finishedOn: NOW_MS }))).toBe(`p2p_chat_create · ${OWNER}`);
  });

  it('shows a failed job its tenant', () => {
    expect(formatJobName(p2p({ finishedOn: NOW_MS }))).toBe(`p2p_chat_create · ${OWNER}`);
  });

  it('shows neither the user nor anything in the event but its ids', () => {
    const user = makeUser('李四');
    const name = formatJobName(jobOf(p2pChatCreate(user), { name: 'p2p_chat_create' }));
    expect(name).not.toContain(user.name);
    expect(name).not.toContain(user.openId);
    expect(name).not.toContain(TEST_APP.verificationToken);
  });

  it('leaves out an id that is not shaped like one, and keeps the rest', () => {
    const push = p2pChatCreate(makeUser(), { tenantKey: 'Hello 张三, welcome aboard!' });
    expect(formatJobName(jobOf(push, { name: 'p2p_chat_create' }))).toBe(
      `p2p_chat_create · app ${TEST_APP.appId}`,
    );
  });

  it.each([
    ['no data', undefined],
    ['data that is not an object', 'text'],
    ['no envelope', { eventId: 'e-1' }],
    ['an envelope of another shape', { envelope: { header: 'x', event: [1] } }],
  ])('falls back to the bare name for a job with %s', (_what, data) => {
    expect(formatJobName({ name: 'p2p_chat_create', data, progress: { waiting: 'later' } })).toBe(
      'p2p_chat_create',
    );
  });
});
