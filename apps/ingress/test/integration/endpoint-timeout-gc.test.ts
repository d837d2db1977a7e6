import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runUnderForcedGc } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../fixtures/ask-silent-endpoint.mjs', import.meta.url));
const REQUEST_WS_ENDPOINT = `${REPO_ROOT}apps/ingress/dist/long-connection/request-ws-endpoint.js`;
const ROUNDS = 5;

describe('a long-connection endpoint that accepts the request and never answers', () => {
  // An ask that never ends leaves the ingress alive and deaf: no connection, no retry, no exit.
  it('is given up at its timeout and retried, under forced garbage collection, headers or body missing', async () => {
    // 5 rounds of 20 concurrent 100 ms asks take about half a second; an ask that never ends, forever.
    const outcomes = await runUnderForcedGc<string[]>(CHILD, [REQUEST_WS_ENDPOINT, String(ROUNDS)], 20_000);
    expect(outcomes, 'asks still waiting after 20 s').toBeDefined();
    expect(outcomes).toHaveLength(ROUNDS * 20);
    expect(new Set(outcomes)).toEqual(new Set(['retry']));
  });
});
