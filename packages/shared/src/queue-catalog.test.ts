import { appTicket, botP2pChatEntered, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import {
  COMPLETED_JOB_RETENTION_S,
  ENQUEUED_EVENT_TYPES,
  FAILED_JOB_RETENTION_S,
  FEISHU_EVENTS_QUEUE,
  FEISHU_EVENT_JOB_OPTIONS,
  FeishuEventJob,
  jobIdForEvent,
} from './queue-catalog.js';

const HOUR_S = 3600;
const RECEIVED_AT = 1_700_000_000_000;

/** A job as the ingress builds it: the envelope without its Verification Token. */
function jobOf(eventType: string, push: Record<string, unknown>, eventId = 'e1') {
  const { token: _token, ...envelope } = push;
  return { eventId, eventType, receivedAt: RECEIVED_AT, envelope };
}

describe('jobIdForEvent', () => {
  it('keeps an ordinary Feishu event id readable', () => {
    expect(jobIdForEvent('5e3702a84e847582be8db7fb73283c02')).toBe('ev-5e3702a84e847582be8db7fb73283c02');
    expect(jobIdForEvent('A-z_0.9')).toBe('ev-A-z_0.9');
    expect(jobIdForEvent('x'.repeat(128))).toBe(`ev-${'x'.repeat(128)}`);
  });

  it('hashes an id BullMQ would refuse or that is too long, the same way every time', () => {
    // BullMQ refuses custom job ids containing ':' (https://docs.bullmq.io/guide/jobs/job-ids).
    for (const eventId of ['a:b', 'ev id', '', 'x'.repeat(129), 'ü', 'a\nb']) {
      const jobId = jobIdForEvent(eventId);
      expect(jobId).toMatch(/^evh-[0-9a-f]{64}$/);
      expect(jobIdForEvent(eventId)).toBe(jobId);
    }
    // Of a known digest, so ids written by an earlier release keep deduplicating.
    expect(jobIdForEvent('a:b')).toBe('evh-6783a31eabf68ccc0660f935c0826282bdd2241f3a80a9f2d10d59aea9ebb5d8');
  });

  it('gives different events different job ids', () => {
    const ids = ['a:b', 'a:c', 'ab', 'a-b', 'a b', 'x'.repeat(129), 'x'.repeat(130)].map(jobIdForEvent);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the queue catalog', () => {
  it('names the one queue the ingress, the workers and the dashboard share', () => {
    expect(FEISHU_EVENTS_QUEUE).toBe('feishu-events');
  });

  it('keeps a completed job past every Feishu re-push, and a failed one two weeks', () => {
    // Feishu's last re-push comes about 7 h 05 min after the first try; the README promises 48 h.
    expect(COMPLETED_JOB_RETENTION_S).toBe(48 * HOUR_S);
    expect(FAILED_JOB_RETENTION_S).toBe(14 * 24 * HOUR_S);
    expect(FEISHU_EVENT_JOB_OPTIONS).toMatchObject({
      attempts: 12,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 48 * HOUR_S },
      removeOnFail: { age: 14 * 24 * HOUR_S },
    });
  });

  it('enqueues exactly the events the worker acts on', () => {
    expect([...ENQUEUED_EVENT_TYPES].sort()).toEqual(
      ['app_ticket', 'im.chat.access_event.bot_p2p_chat_entered_v1', 'p2p_chat_create'].sort(),
    );
  });

  it('carries each enqueued event type with its whole envelope', () => {
    const user = makeUser();
    for (const job of [
      jobOf('p2p_chat_create', p2pChatCreate(user)),
      jobOf('im.chat.access_event.bot_p2p_chat_entered_v1', botP2pChatEntered(user)),
      jobOf('app_ticket', appTicket()),
    ]) {
      expect(FeishuEventJob.parse(job)).toEqual(job);
    }
  });

  it.each([
    ['an empty event id', { eventId: '' }],
    ['a negative receive time', { receivedAt: -1 }],
    ['a fractional receive time', { receivedAt: 1.5 }],
    ['another event type', { eventType: 'im.message.receive_v1' }],
    ['an envelope of another type', { envelope: jobOf('app_ticket', appTicket()).envelope }],
  ])('refuses a job with %s', (_, change) => {
    const job = { ...jobOf('p2p_chat_create', p2pChatCreate(makeUser())), ...change };
    expect(FeishuEventJob.safeParse(job).success).toBe(false);
  });
});
