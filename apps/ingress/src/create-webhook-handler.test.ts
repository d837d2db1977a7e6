import { deriveKey } from '@feishu-welcome/shared';
import {
  TEST_APP,
  encryptedPush,
  makeUser,
  p2pChatCreate,
  plainPush,
  type FeishuPush,
} from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import type { EnqueueResult, EventJobRequest } from './enqueue.js';
import { createWebhookHandler, type WebhookPolicy } from './create-webhook-handler.js';
import { MAX_EVENT_DEPTH } from './store-event.js';

const NOW_MS = 1_700_000_000_000;
const ENCRYPTED: WebhookPolicy = {
  verificationToken: TEST_APP.verificationToken,
  crypto: { encryptKey: TEST_APP.encryptKey, aesKey: deriveKey(TEST_APP.encryptKey) },
  appId: TEST_APP.appId,
};

function request(push: FeishuPush) {
  return {
    rawBody: Buffer.from(push.body),
    timestamp: push.headers['x-lark-request-timestamp'],
    nonce: push.headers['x-lark-request-nonce'],
    signature: push.headers['x-lark-signature'],
  };
}

function recordingEnqueue(result: EnqueueResult | Error = 'added') {
  const calls: EventJobRequest[] = [];
  const enqueue = (job: EventJobRequest): Promise<EnqueueResult> => {
    calls.push(job);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };
  return { calls, enqueue };
}

describe('handleWebhook', () => {
  it('enqueues a verified event under its event id, stamped with the time it arrived', async () => {
    const { calls, enqueue } = recordingEnqueue();
    const event = p2pChatCreate(makeUser());
    const push = encryptedPush(event, { timestampS: NOW_MS / 1000 });
    const outcome = await createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS })(
      request(push),
    );
    expect(outcome).toEqual({ kind: 'accepted', eventId: event['uuid'], eventType: 'p2p_chat_create' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.jobId).toBe(`ev-${String(event['uuid'])}`);
    expect(calls[0]?.data.receivedAt).toBe(NOW_MS);
  });

  it('reports a re-delivery as a duplicate', async () => {
    const { enqueue } = recordingEnqueue('duplicate');
    const push = encryptedPush(p2pChatCreate(makeUser()), { timestampS: NOW_MS / 1000 });
    const outcome = await createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS })(
      request(push),
    );
    expect(outcome.kind).toBe('duplicate');
  });

  it('reports unavailable, never accepted, when the enqueue fails', async () => {
    const failure = new Error('redis down');
    const { enqueue } = recordingEnqueue(failure);
    const push = encryptedPush(p2pChatCreate(makeUser()), { timestampS: NOW_MS / 1000 });
    const outcome = await createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS })(
      request(push),
    );
    expect(outcome).toMatchObject({ kind: 'unavailable', cause: failure });
  });

  it('refuses, with its reason, an event the queue reports it cannot store', async () => {
    const { enqueue } = recordingEnqueue('unstorable');
    const push = encryptedPush(p2pChatCreate(makeUser()), { timestampS: NOW_MS / 1000 });
    const outcome = await createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS })(
      request(push),
    );
    expect(outcome).toEqual({ kind: 'rejected', reason: 'unstorable' });
  });

  it(`refuses an event nested deeper than ${MAX_EVENT_DEPTH} levels before any enqueue`, async () => {
    const { calls, enqueue } = recordingEnqueue();
    const handle = createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS });
    const withExtra = (levels: number) => {
      const event = p2pChatCreate(makeUser());
      let extra: unknown = 1;
      for (let i = 0; i < levels; i++) extra = [extra];
      (event['event'] as Record<string, unknown>)['extra'] = extra;
      return encryptedPush(event, { timestampS: NOW_MS / 1000 });
    };
    // The envelope is level 1 and its event level 2, so the extra may take the rest.
    expect((await handle(request(withExtra(MAX_EVENT_DEPTH - 2)))).kind).toBe('accepted');
    expect(await handle(request(withExtra(MAX_EVENT_DEPTH - 1)))).toEqual({
      kind: 'rejected',
      reason: 'unstorable',
    });
    expect(calls).toHaveLength(1);
  });

  it('judges the timestamp against the injected clock', async () => {
    const { calls, enqueue } = recordingEnqueue();
    const push = encryptedPush(p2pChatCreate(makeUser()), { timestampS: NOW_MS / 1000 - 301 });
    const outcome = await createWebhookHandler({ policy: ENCRYPTED, enqueue, now: () => NOW_MS })(
      request(push),
    );
    expect(outcome).toEqual({ kind: 'rejected', reason: 'stale-timestamp' });
    expect(calls).toHaveLength(0);
  });

  it('refuses an event for another app when the app id is pinned, before any enqueue', async () => {
    const { calls, enqueue } = recordingEnqueue();
    const push = plainPush(p2pChatCreate(makeUser(), { appId: 'cli_0000000000000000' }));
    const policy = { ...ENCRYPTED, crypto: undefined };
    const outcome = await createWebhookHandler({ policy, enqueue, now: () => NOW_MS })(request(push));
    expect(outcome).toEqual({ kind: 'rejected', reason: 'wrong-app' });
    expect(calls).toHaveLength(0);
  });
});
