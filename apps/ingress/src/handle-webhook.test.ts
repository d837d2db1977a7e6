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
import type { EventJobRequest } from './enqueue.js';
import { createWebhookHandler, type WebhookPolicy } from './handle-webhook.js';

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

function recordingEnqueue(result: 'added' | 'duplicate' | Error = 'added') {
  const calls: EventJobRequest[] = [];
  const enqueue = async (job: EventJobRequest) => {
    calls.push(job);
    if (result instanceof Error) throw result;
    return result;
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
