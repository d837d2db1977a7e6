import { describe, expect, it } from 'vitest';
import { spansByTenant, welcomeLatencies } from './tenant-spans.js';

const message = (tenant_key: string, receive_id: string, received_at: number) => ({
  tenant_key,
  receive_id,
  received_at,
});

describe('spansByTenant', () => {
  it('gives each tenant its first and last message and its count, in any order of arrival', () => {
    const spans = spansByTenant([
      message('big', 'c1', 300),
      message('small', 'c2', 50),
      message('big', 'c3', 100),
      message('big', 'c4', 200),
    ]);
    expect(Object.fromEntries(spans)).toEqual({
      big: { first: 100, last: 300, count: 3 },
      small: { first: 50, last: 50, count: 1 },
    });
  });
});

describe('welcomeLatencies', () => {
  it('times each watched chat from its enqueue to its first message, and ignores other chats', () => {
    const enqueuedAt = new Map([
      ['quiet-1', 1_000],
      ['quiet-2', 2_000],
    ]);
    const { latenciesMs, missing } = welcomeLatencies(enqueuedAt, [
      message('q', 'quiet-2', 2_030),
      message('q', 'quiet-1', 1_500),
      message('q', 'quiet-1', 1_010),
      message('big', 'backlog', 1_001),
    ]);
    expect([...latenciesMs].sort((a, b) => a - b)).toEqual([10, 30]);
    expect(missing).toBe(0);
  });

  it('counts a chat that got no message as missing instead of timing it', () => {
    const { latenciesMs, missing } = welcomeLatencies(new Map([['never', 0]]), []);
    expect(latenciesMs.length).toBe(0);
    expect(missing).toBe(1);
  });
});
