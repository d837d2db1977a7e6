import { TooFewReplicasError } from '@feishu-welcome/shared';
import { keySlot } from '@feishu-welcome/testing';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { onboardedKey } from './onboarded-store.js';
import { createReplicaConfirmer, markKeyFor } from './replica-confirmer.js';

/** A node whose each WAIT is answered by the test, with how many replicas confirmed. */
function heldNode() {
  const sent: string[] = [];
  const answers: ((replicas: number) => void)[] = [];
  const node = {
    isCluster: false,
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
    const confirm = createReplicaConfirmer(node, { required: 2, timeoutMs: 300 });
    const first = confirm('p:a');
    await flush();
    answer(2);
    await first;
    const second = confirm('p:a');
    await flush();
    answer(1);
    await expect(second).rejects.toBeInstanceOf(TooFewReplicasError);
    const mark = `set ${markKeyFor('p:a')}`;
    expect(sent).toEqual([mark, 'wait 2 300', mark, 'wait 2 300']);
  });

  it('gives the calls made while a WAIT is out one WAIT of their own, sent after it returns', async () => {
    const { node, sent, answer } = heldNode();
    const confirm = createReplicaConfirmer(node, { required: 1 });
    const early = confirm('p:a');
    // These writes may have come after the first mark: that WAIT cannot answer for them.
    const late = [confirm('p:b'), confirm('p:b'), confirm('p:c')];
    await flush();
    expect(sent).toEqual([`set ${markKeyFor('p:a')}`, 'wait 1 1000']);
    answer(0);
    await expect(early).rejects.toBeInstanceOf(TooFewReplicasError);
    await flush();
    expect(sent).toEqual([
      `set ${markKeyFor('p:a')}`,
      'wait 1 1000',
      `set ${markKeyFor('p:b')}`,
      'wait 1 1000',
    ]);
    answer(1);
    await Promise.all(late);
  });
});

describe('markKeyFor', () => {
  it('names a key in the same Redis Cluster slot as the record, so on the node that holds it', () => {
    for (const key of ['bull:feishu-welcome:onboarded:cli_a:t1', 'p:onboarded:app:2ed263bf32cf1651']) {
      expect(keySlot(markKeyFor(key))).toBe(keySlot(key));
    }
  });
});

describe('onboardedKey', () => {
  it('keeps ordinary ids as they are and encodes those that could bring a hash tag or a separator', () => {
    const recipient = { appId: 'cli_a1', tenantKey: '2ed263bf32cf1651', openId: 'ou_1' };
    expect(onboardedKey('p', recipient)).toBe('p:onboarded:cli_a1:2ed263bf32cf1651');
    const odd = onboardedKey('p', { ...recipient, tenantKey: '{t}:x' });
    expect(odd).toBe('p:onboarded:cli_a1:%7Bt%7D%3Ax');
    // A record key has no tag of its own, so its mark lands in its slot.
    expect(keySlot(markKeyFor(odd))).toBe(keySlot(odd));
  });
});
