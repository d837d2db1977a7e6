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
    hexists: (key: string, field: string) => (sent.push(`hexists ${key} ${field}`), Promise.resolve(1)),
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
    const first = confirm({ key: 'p:a', field: 'ou_a' });
    await flush();
    answer(2);
    await first;
    const second = confirm({ key: 'p:a', field: 'ou_a' });
    await flush();
    answer(1);
    await expect(second).rejects.toBeInstanceOf(TooFewReplicasError);
    const round = ['hexists p:a ou_a', `set ${markKeyFor('p:a')}`, 'wait 2 300'];
    expect(sent).toEqual([...round, ...round]);
  });

  it('gives the calls made while a WAIT is out one WAIT of their own, sent after it returns', async () => {
    const { node, sent, answer } = heldNode();
    const confirm = createReplicaConfirmer(node, { required: 1 });
    const early = confirm({ key: 'p:a', field: 'ou_a' });
    // These writes may have come after the first mark: that WAIT cannot answer for them.
    const late = [
      confirm({ key: 'p:b', field: 'ou_b' }),
      confirm({ key: 'p:b', field: 'ou_b' }),
      confirm({ key: 'p:c', field: 'ou_c' }),
    ];
    await flush();
    const first = ['hexists p:a ou_a', `set ${markKeyFor('p:a')}`, 'wait 1 1000'];
    expect(sent).toEqual(first);
    answer(0);
    await expect(early).rejects.toBeInstanceOf(TooFewReplicasError);
    await flush();
    // The next round checks every record of its callers.
    expect(sent).toEqual([
      ...first,
      'hexists p:b ou_b',
      'hexists p:b ou_b',
      'hexists p:c ou_c',
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
