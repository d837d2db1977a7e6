import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../fixtures/call-silent-feishu.mjs', import.meta.url));
const FEISHU_HTTP = `${REPO_ROOT}apps/worker/dist/feishu/post-feishu.js`;
const ROUNDS = 5;

/** Runs the child under forced GC; resolves its outcomes, or undefined if it had not ended by `limitMs`. */
async function callSilentFeishuUnderGc(limitMs: number): Promise<string[] | undefined> {
  const child = spawn(process.execPath, ['--expose-gc', CHILD, FEISHU_HTTP, String(ROUNDS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(limit);
  return code === 0 ? (JSON.parse(output) as string[]) : undefined;
}

describe('a Feishu that accepts calls and never answers', () => {
  it('fails every call at its timeout, under forced garbage collection, headers or body missing', async () => {
    // 5 rounds of 20 concurrent 100 ms calls take about half a second; a call that never ends, forever.
    const outcomes = await callSilentFeishuUnderGc(20_000);
    expect(outcomes, 'calls still waiting after 20 s').toBeDefined();
    expect(outcomes).toHaveLength(ROUNDS * 20);
    expect(new Set(outcomes)).toEqual(new Set(['FeishuApiError: no answer within 100 ms']));
  });
});
