import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runUnderForcedGc } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../fixtures/call-silent-feishu.mjs', import.meta.url));
const FEISHU_HTTP = `${REPO_ROOT}apps/worker/dist/feishu/post-feishu.js`;
const ROUNDS = 5;

describe('a Feishu that accepts calls and never answers', () => {
  it('fails every call at its timeout, under forced garbage collection, headers or body missing', async () => {
    // 5 rounds of 20 concurrent 100 ms calls take about half a second; a call that never ends, forever.
    const outcomes = await runUnderForcedGc<string[]>(CHILD, [FEISHU_HTTP, String(ROUNDS)], 20_000);
    expect(outcomes, 'calls still waiting after 20 s').toBeDefined();
    expect(outcomes).toHaveLength(ROUNDS * 20);
    expect(new Set(outcomes)).toEqual(new Set(['FeishuApiError: no answer within 100 ms']));
  });
});
