import { describe, expect, it } from 'vitest';
import { BUILT_IN_MESSAGE, type MessageTemplate } from './message-template.js';
import { renderMessage, type MessageVariables } from './render-message.js';

const VARS: MessageVariables = {
  'user.name': '张三 "the \\ boss" 🎉',
  'user.open_id': 'ou_1',
  'user.user_id': 'u1',
  tenant_key: 't1',
  chat_id: 'oc_1',
  app_id: 'cli_1',
};

describe('renderMessage', () => {
  it('greets by name in the built-in message', () => {
    expect(JSON.parse(renderMessage(BUILT_IN_MESSAGE, VARS))).toEqual({
      text: expect.stringContaining('Hi 张三 "the \\ boss" 🎉 👋') as string,
    });
  });

  it('keeps the JSON valid whatever the name holds', () => {
    const template: MessageTemplate = {
      msg_type: 'text',
      content: { text: '{{user.name}}|{{ tenant_key }}' },
    };
    expect(JSON.parse(renderMessage(template, VARS))).toEqual({ text: `${VARS['user.name']}|t1` });
  });

  it('fills placeholders deep inside a post and a card template, leaving other text alone', () => {
    const post: MessageTemplate = {
      msg_type: 'post',
      content: {
        zh_cn: {
          title: '欢迎 {{user.name}}',
          content: [[{ tag: 'a', text: 'setup', href: 'https://x/{{user.open_id}}' }]],
        },
      },
    };
    expect(JSON.parse(renderMessage(post, VARS))).toEqual({
      zh_cn: {
        title: `欢迎 ${VARS['user.name']}`,
        content: [[{ tag: 'a', text: 'setup', href: 'https://x/ou_1' }]],
      },
    });
    const card: MessageTemplate = {
      msg_type: 'interactive',
      content: {
        type: 'template',
        data: { template_id: 'AAq', template_variable: { who: '{{user.name}}', n: 3 } },
      },
    };
    expect(JSON.parse(renderMessage(card, VARS))).toEqual({
      type: 'template',
      data: { template_id: 'AAq', template_variable: { who: VARS['user.name'], n: 3 } },
    });
  });
});
