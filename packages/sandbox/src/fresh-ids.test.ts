import { describe, expect, it } from 'vitest';
import { freshIds } from './fresh-ids.js';

describe('freshIds', () => {
  it("gives ids in Feishu's formats, new every time", () => {
    const first = freshIds();
    expect(first.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.openId).toMatch(/^ou_[0-9a-f]{32}$/);
    expect(first.chatId).toMatch(/^oc_[0-9a-f]{32}$/);
    expect(first.userId).toMatch(/^[0-9a-f]{8}$/);
    const second = freshIds();
    expect(second.eventId).not.toBe(first.eventId);
    expect(second.openId).not.toBe(first.openId);
    expect(second.chatId).not.toBe(first.chatId);
  });
});
