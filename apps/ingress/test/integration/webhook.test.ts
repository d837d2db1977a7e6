import {
  TEST_APP,
  appTicket,
  botP2pChatEntered,
  encryptedPush,
  makeUser,
  p2pChatCreate,
  plainPush,
  urlVerification,
} from '@feishu-welcome/testing';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startIngress, type RunningIngress } from './start-ingress.js';

const redisUrl = inject('redisUrl');

describe.each([
  { mode: 'plain', encrypted: false, push: plainPush },
  { mode: 'encrypted', encrypted: true, push: (payload: unknown) => encryptedPush(payload) },
])('POST /webhook/event ($mode)', ({ encrypted, push }) => {
  let ingress: RunningIngress;
  beforeEach(async () => {
    ingress = await startIngress({ redisUrl, encrypted });
  });
  afterEach(async () => {
    await ingress.close();
  });

  it('answers the URL verification with its challenge in plaintext', async () => {
    const res = await ingress.post(push(urlVerification('challenge-42')));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'challenge-42' });
    expect(await ingress.jobCount()).toBe(0);
  });

  it('refuses a URL verification carrying another token', async () => {
    const res = await ingress.post(push(urlVerification('c', 'not-the-token')));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'bad-token' });
  });

  it('enqueues a v1 p2p_chat_create exactly once across repeated deliveries', async () => {
    const event = p2pChatCreate(makeUser());
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ingress.post(push(event))).status);
    statuses.push(
      ...(await Promise.all([1, 2, 3].map(async () => (await ingress.post(push(event))).status))),
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await ingress.jobCount()).toBe(1);
    const [job] = await ingress.queue.getJobs(['waiting']);
    expect(job?.name).toBe('p2p_chat_create');
    expect(job?.data).toMatchObject({ eventId: event['uuid'], eventType: 'p2p_chat_create' });
    expect(typeof job?.data.receivedAt).toBe('number');
    // The Verification Token stays at the door: it is not stored with the job.
    expect(JSON.stringify(job?.data)).not.toContain(TEST_APP.verificationToken);
  });

  it('enqueues a v2 bot_p2p_chat_entered_v1 exactly once across repeated deliveries', async () => {
    const event = botP2pChatEntered(makeUser());
    for (let i = 0; i < 3; i++) expect((await ingress.post(push(event))).status).toBe(200);
    expect(await ingress.jobCount()).toBe(1);
    const [job] = await ingress.queue.getJobs(['waiting']);
    expect(job?.name).toBe('im.chat.access_event.bot_p2p_chat_entered_v1');
  });

  it('enqueues an app_ticket', async () => {
    const event = appTicket();
    expect((await ingress.post(push(event))).status).toBe(200);
    expect(await ingress.hasJobFor(event['uuid'] as string)).toBe(true);
  });

  it('answers 200 for an event type it does not act on, and enqueues nothing', async () => {
    const res = await ingress.post(
      push(botP2pChatEntered(makeUser(), { eventType: 'im.message.receive_v1' })),
    );
    expect(res.status).toBe(200);
    expect(await ingress.jobCount()).toBe(0);
  });

  it('counts accepted and duplicate deliveries apart', async () => {
    const event = p2pChatCreate(makeUser());
    await ingress.post(push(event));
    await ingress.post(push(event));
    const metric = await ingress.registry.getSingleMetric('feishu_ingress_requests_total')?.get();
    const count = (outcome: string) => metric?.values.find((v) => v.labels['outcome'] === outcome)?.value;
    expect([count('accepted'), count('duplicate')]).toEqual([1, 1]);
  });

  it('stores one job when the same event arrives several times at once, and counts the rest as duplicates', async () => {
    const event = p2pChatCreate(makeUser());
    const others = Array.from({ length: 5 }, () => p2pChatCreate(makeUser()));
    const statuses = await Promise.all(
      [event, event, ...others, event].map(async (e) => (await ingress.post(push(e))).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await ingress.jobCount()).toBe(6);
    const metric = await ingress.registry.getSingleMetric('feishu_ingress_requests_total')?.get();
    const count = (outcome: string) => metric?.values.find((v) => v.labels['outcome'] === outcome)?.value;
    expect([count('accepted'), count('duplicate')]).toEqual([6, 2]);
  });

  it.each([
    ['a wrong Verification Token', () => p2pChatCreate(makeUser(), { token: 'wrong' }), 401, 'bad-token'],
    [
      'a v2 event with a wrong token',
      () => botP2pChatEntered(makeUser(), { token: 'wrong' }),
      401,
      'bad-token',
    ],
    ['a body that is no envelope', () => ({ hello: 'world' }), 400, 'unknown-envelope'],
    ['a JSON null', () => null, 400, 'unknown-envelope'],
    [
      'a p2p_chat_create without its user',
      () => ({ ...p2pChatCreate(makeUser()), event: { type: 'p2p_chat_create' } }),
      400,
      'invalid-event',
    ],
  ])('answers %s with %i (%s) and enqueues nothing', async (_what, payload, status, reason) => {
    const res = await ingress.post(push(payload()));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: reason });
    expect(await ingress.jobCount()).toBe(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await ingress.post({ headers: { 'content-type': 'application/json' }, body: '{"uuid":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed-json' });
  });

  it('answers 413 to a body over 1 MiB and enqueues nothing', async () => {
    const big = p2pChatCreate(makeUser());
    (big['event'] as Record<string, unknown>)['padding'] = 'x'.repeat(1024 * 1024);
    const res = await ingress.post(push(big));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'body-too-large' });
    expect(await ingress.jobCount()).toBe(0);
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])(
    'answers %s on the webhook with 405 and Allow: POST',
    async (method) => {
      const res = await fetch(`${ingress.url}/webhook/event`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toEqual({ error: 'method-not-allowed' });
    },
  );

  it('reports every outcome series known up front at zero before the first push', async () => {
    const text = await ingress.registry.metrics();
    for (const series of [
      '{outcome="accepted",reason="",event_type="p2p_chat_create"} 0',
      '{outcome="duplicate",reason="",event_type="im.chat.access_event.bot_p2p_chat_entered_v1"} 0',
      '{outcome="unavailable",reason="",event_type="app_ticket"} 0',
      '{outcome="rejected",reason="bad-signature",event_type=""} 0',
      '{outcome="rejected",reason="unstorable",event_type=""} 0',
      '{outcome="challenge",reason="",event_type=""} 0',
    ]) {
      expect(text).toContain(`feishu_ingress_requests_total${series}\n`);
    }
    expect(text).toContain('feishu_ingress_ack_seconds_count{outcome="unavailable"} 0\n');
  });

  it('answers /healthz and /readyz while Redis is up', async () => {
    expect((await fetch(`${ingress.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${ingress.url}/readyz`)).status).toBe(200);
  });
});
