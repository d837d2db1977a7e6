import { makeUser, p2pChatCreate, plainPush } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startIngress, type RunningIngress } from './start-ingress.js';
import { startWsRig, type WsIngressRig } from './start-ws-ingress.js';

const redisUrl = inject('redisUrl');

/**
 * A company switching from the webhook to the long connection runs both for a while, and Feishu may hand
 * the same event to each: the job id is the event id, whichever door it came through.
 */
describe('one event through both intakes', () => {
  let rig: WsIngressRig;
  let webhook: RunningIngress;
  afterEach(async () => {
    await webhook.close();
    await rig.close();
  });

  it.each(['webhook first', 'long connection first'])('is stored once (%s)', async (order) => {
    rig = await startWsRig({ redisUrl });
    await rig.startIngress();
    webhook = await startIngress({ redisUrl, encrypted: false, queuePrefix: rig.queuePrefix });
    const event = p2pChatCreate(makeUser());
    const eventId = String(event['uuid']);
    const overWebhook = async () => expect((await webhook.post(plainPush(event))).status).toBe(200);
    const overLongConnection = async () => {
      rig.standIn.wsPush(event);
      await rig.acked(eventId);
    };

    if (order === 'webhook first') {
      await overWebhook();
      await overLongConnection();
    } else {
      await overLongConnection();
      await overWebhook();
    }

    expect(await rig.hasJobFor(eventId)).toBe(true);
    expect(await rig.jobCount()).toBe(1);
    expect(await webhook.jobCount()).toBe(1);
  });
});
