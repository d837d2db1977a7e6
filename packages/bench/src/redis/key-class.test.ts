import { describe, expect, it } from 'vitest';
import { keyClass } from './key-class.js';

describe('keyClass', () => {
  const p = 'bench-x';

  it.each([
    ['bench-x:feishu-events:ev-0a1b', 'job'],
    ['bench-x:feishu-events:evh-9f00', 'job'],
    ['bench-x:feishu-events:ev-0a1b:logs', 'job'],
    ['bench-x:feishu-events:completed', 'queue'],
    ['bench-x:feishu-events:wait', 'queue'],
    ['bench-x:feishu-events:events', 'events-stream'],
    ['bench-x:feishu-welcome:onboarded:cli_a:tenant-1', 'onboarded'],
    ['bench-x:feishu-welcome:{send-rate:cli_a:tenant-1}:log', 'limiter'],
    ['bench-x:onboarded:cli_a:tenant-1', 'other'],
    ['bench-x:feishu-welcome:app-ticket:cli_a', 'other'],
    ['bench-y:feishu-events:ev-0a1b', 'other'],
  ])('%s is %s', (key, expected) => {
    expect(keyClass(p, key)).toBe(expected);
  });
});
