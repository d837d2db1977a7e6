import { TooFewReplicasError } from '@feishu-welcome/shared';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createReplicaConfirmer } from './replica-confirmer.js';

/** A node whose each WAIT is answered by the test, with how many replicas confirmed. */
function heldNode() {
  const sent: string[] = [];
  const answers: ((replicas: number) => void)[] = [];
  const node = {
    set: (key: string) => (sent.push(`set ${key}`), Promise.resolve('OK')),
    wait: (required: number, timeoutMs: number) => {
      sent.push(`wait ${required} ${timeoutMs}`);
      return new Promise<number>((resolve) => answers.push(resolve));
    },
  } as unknown as Redis;
  return { node: () => node, sent, answer: (replicas: number) => answers.shift()?.(replicas) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createReplicaConfirmer', () => {
  it('writes a mark before each WAIT, and rejects when too few replicas confirm', async () => {
    const { node, sent, answer } = heldNode();
    const confirm = createReplicaConfirmer(node, { required: 2, markKey: 'p:mark', timeoutMs: 300 });
    const first = confirm();
    answer(2);
    await first;
    const second = confirm();
    answer(1);
    await expect(second).rejects.toBeInstanceOf(TooFewReplicasError);
    expect(sent).toEqual(['set p:mark', 'wait 2 300', 'set p:mark', 'wait 2 300']);
  });

  it('gives the calls made while a WAIT is out one WAIT of their own, sent after it returns', async () => {
    const { node, sent, answer } = heldNode();
    const confirm = createReplicaConfirmer(node, { required: 1, markKey: 'mark' });
    const early = confirm();
    // These writes may have come after the first mark: that WAIT cannot answer for them.
    const late = [confirm(), confirm(), confirm()];
    await flush();
    expect(sent).toEqual(['set mark', 'wait 1 1000']);
    answer(0);
    await expect(early).rejects.toBeInstanceOf(TooFewReplicasError);
    await flush();
    expect(sent).toEqual(['set mark', 'wait 1 1000', 'set mark', 'wait 1 1000']);
    answer(1);
    await Promise.all(late);
  });
});
