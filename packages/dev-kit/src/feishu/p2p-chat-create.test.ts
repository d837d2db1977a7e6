import { P2pChatCreateEnvelope } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { p2pChatCreate } from './p2p-chat-create.js';

const NOW_MS = 1_700_000_000_000;
const IDS = {
  eventId: 'bc447199585340d1f3728d26b1c0297a',
  openId: 'ou_7dede290d6a27698b969a7fd70ca53da',
  userId: 'gfa21d92',
  chatId: 'oc_26b66a5eb603162b849f91bcd8815b20',
};

const build = () =>
  p2pChatCreate(
    { name: '张三', openId: IDS.openId, userId: IDS.userId },
    {
      uuid: IDS.eventId,
      chatId: IDS.chatId,
      appId: 'cli_9c8609450f78d102',
      tenantKey: '736588c9260f175c',
      token: '41a9425ea7df4536a7623e38fa321bae',
      ts: (NOW_MS / 1000).toFixed(7),
    },
  );

describe('p2pChatCreate', () => {
  it("reproduces the documentation's sample, field for field", () => {
    // The sample of https://open.feishu.cn/document/server-docs/group/chat-member/event/bot-events
    // (test/fixtures/p2p_chat_create.json), with our clock and the user as the operator.
    expect(build()).toEqual({
      ts: '1700000000.0000000',
      uuid: 'bc447199585340d1f3728d26b1c0297a',
      token: '41a9425ea7df4536a7623e38fa321bae',
      type: 'event_callback',
      event: {
        app_id: 'cli_9c8609450f78d102',
        chat_id: 'oc_26b66a5eb603162b849f91bcd8815b20',
        operator: { open_id: 'ou_7dede290d6a27698b969a7fd70ca53da', user_id: 'gfa21d92' },
        tenant_key: '736588c9260f175c',
        type: 'p2p_chat_create',
        user: { name: '张三', open_id: 'ou_7dede290d6a27698b969a7fd70ca53da', user_id: 'gfa21d92' },
      },
    });
  });

  it('is an envelope the ingress and worker accept', () => {
    expect(P2pChatCreateEnvelope.safeParse(build()).success).toBe(true);
  });
});
