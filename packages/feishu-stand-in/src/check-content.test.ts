import { describe, expect, it } from 'vitest';
import { checkContent } from './check-content.js';
import { FeishuCode } from './feishu-codes.js';
import type { MsgType } from './send-message-body.js';

const KB = 1024;
const json = (value: unknown): string => JSON.stringify(value);
const post = { zh_cn: { title: '欢迎', content: [[{ tag: 'text', text: '你好' }]] } };
const card = { header: { title: { tag: 'plain_text', content: 'Welcome' } }, elements: [] };

describe('checkContent', () => {
  it.each<[MsgType, string]>([
    ['text', json({ text: 'Welcome aboard!' })],
    ['post', json(post)],
    ['post', json({ post: { en_us: { content: [] } } })],
    ['interactive', json(card)],
    ['interactive', json({ schema: '2.0', body: { elements: [] } })],
    ['interactive', json({ type: 'template', data: { template_id: 'AAqk1234', template_variable: {} } })],
    ['image', json({ image_key: 'img_v2_041b' })],
    ['share_chat', json({ chat_id: 'oc_84983ff6516d731e5b5f68d4ea2e1da5' })],
  ])('accepts well-formed %s content', (msgType, raw) => {
    expect(checkContent(msgType, raw)).toEqual({ ok: true, content: JSON.parse(raw) as unknown });
  });

  it.each<[MsgType, string]>([
    ['text', 'Welcome aboard!'],
    ['text', json(['Welcome'])],
    ['text', json({ message: 'Welcome' })],
    ['post', json({ title: 'no locale', content: [] })],
    ['post', json({ zh_cn: { title: 'no content array' } })],
    ['interactive', json({ type: 'template', data: {} })],
    ['interactive', json({ anything: true })],
    ['file', json({ image_key: 'wrong key' })],
  ])('answers 230001 to %s content %s', (msgType, raw) => {
    expect(checkContent(msgType, raw)).toMatchObject({ ok: false, code: FeishuCode.INVALID_PARAMS });
  });

  it('answers 230025 to text over 150 KB and accepts 150 KB exactly', () => {
    const exactly = json({ text: 'x'.repeat(150 * KB - json({ text: '' }).length) });
    expect(Buffer.byteLength(exactly)).toBe(150 * KB);
    expect(checkContent('text', exactly).ok).toBe(true);
    expect(checkContent('text', json({ text: 'x'.repeat(150 * KB) }))).toMatchObject({
      ok: false,
      code: FeishuCode.MESSAGE_TOO_LONG,
    });
  });

  it('answers 230025 to post and card content over 30 KB, counting UTF-8 bytes', () => {
    const longPost = { zh_cn: { content: [[{ tag: 'text', text: '欢'.repeat(10 * KB + 1) }]] } };
    expect(checkContent('post', json(longPost))).toMatchObject({
      ok: false,
      code: FeishuCode.MESSAGE_TOO_LONG,
    });
    const longCard = { elements: [{ tag: 'markdown', content: 'x'.repeat(30 * KB) }] };
    expect(checkContent('interactive', json(longCard))).toMatchObject({ code: FeishuCode.MESSAGE_TOO_LONG });
  });
});
