import * as Lark from '@larksuiteoapi/node-sdk';
import { TEST_APP, botP2pChatEntered, makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/dev-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_SECRET, closeStandIns, startStandIn } from '../test/stand-in-client.js';
import type { RunningFeishuStandIn } from './start-feishu-stand-in.js';

/** The official SDK's long-connection client, pointed at the stand-in, as the product's users run it. */

const clients: Lark.WSClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close({ force: true });
  await closeStandIns();
});

type Handler = (data: Record<string, unknown>) => Promise<void>;

async function connectSdk(standIn: RunningFeishuStandIn, handlers: Record<string, Handler>): Promise<void> {
  const client = new Lark.WSClient({
    appId: TEST_APP.appId,
    appSecret: APP_SECRET,
    domain: standIn.url,
    loggerLevel: Lark.LoggerLevel.error,
  });
  clients.push(client);
  const eventDispatcher = new Lark.EventDispatcher({ loggerLevel: Lark.LoggerLevel.error }).register(
    handlers,
  );
  await client.start({ eventDispatcher });
  await waitFor('the SDK to connect', () => standIn.wsConnections().some((c) => c.state === 'open'));
}

function ackedDelivery(standIn: RunningFeishuStandIn, messageId: string) {
  return waitFor('an acknowledged delivery', () =>
    standIn.wsDeliveries().find((d) => d.messageId === messageId && d.acked),
  );
}

describe("the official SDK's WSClient against the stand-in", () => {
  it('connects, pings, receives a v1 event whole and a v2 event in three fragments, and acknowledges both', async () => {
    const standIn = await startStandIn();
    const received: Record<string, unknown>[] = [];
    await connectSdk(standIn, {
      p2p_chat_create: async (data) => {
        received.push(data);
      },
      'im.chat.access_event.bot_p2p_chat_entered_v1': async (data) => {
        received.push(data);
      },
    });
    // The SDK pings as soon as it is connected.
    await waitFor('a pong', () => (standIn.wsConnections()[0]?.pongsSent ?? 0) > 0);

    const user = makeUser();
    const v1 = p2pChatCreate(user);
    const first = standIn.wsPush(v1);
    const firstDone = await ackedDelivery(standIn, first.messageId);
    expect(firstDone.attempts).toMatchObject([{ outcome: 'acked', code: 200 }]);

    const v2 = botP2pChatEntered(user);
    const second = standIn.wsPush(v2, { fragments: 3, order: 'shuffle' });
    await ackedDelivery(standIn, second.messageId);

    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({
      uuid: v1['uuid'],
      chat_id: (v1['event'] as { chat_id: string }).chat_id,
    });
    expect(received[1]).toMatchObject({
      event_id: (v2['header'] as { event_id: string }).event_id,
      operator_id: { open_id: user.openId },
    });
  });

  it('gets the event again after its handler failed, and the stand-in records the 500 then the 200', async () => {
    const standIn = await startStandIn({ longConnection: { repushDelaysMs: [50] } });
    let calls = 0;
    await connectSdk(standIn, {
      p2p_chat_create: async () => {
        calls += 1;
        if (calls === 1) throw new Error('the queue is down');
      },
    });
    const delivery = standIn.wsPush(p2pChatCreate(makeUser()));
    const done = await ackedDelivery(standIn, delivery.messageId);
    expect(done.attempts).toMatchObject([
      { outcome: 'refused', code: 500 },
      { outcome: 'acked', code: 200 },
    ]);
    expect(calls).toBe(2);
  });
});
