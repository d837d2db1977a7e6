import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { TooFewReplicasError, confirmReplicas } from './confirm-replicas.js';

/** A node connection that records the commands sent on it and answers WAIT with `replicas`. */
function fakeNode(replicas: number) {
  const sent: unknown[][] = [];
  const node = {
    set: (...args: unknown[]) => (sent.push(['set', ...args]), Promise.resolve('OK')),
    wait: (...args: unknown[]) => (sent.push(['wait', ...args]), Promise.resolve(replicas)),
  } as unknown as Redis;
  return { node, sent };
}

describe('confirmReplicas', () => {
  it('sends one WAIT for the replicas required, with what remains of the time', async () => {
    const { node, sent } = fakeNode(2);
    await confirmReplicas(node, { required: 2, timeoutMs: 740.2 });
    expect(sent).toEqual([['wait', 2, 741]]);
  });

  it('never sends WAIT with timeout 0, which would block for ever', async () => {
    const { node, sent } = fakeNode(1);
    await confirmReplicas(node, { required: 1, timeoutMs: -5 });
    expect(sent).toEqual([['wait', 1, 1]]);
  });

  it('writes the mark first, on the same connection, so that WAIT covers what was stored before', async () => {
    const { node, sent } = fakeNode(1);
    await confirmReplicas(node, { required: 1, timeoutMs: 500, markKey: '{bull}:q:mark' });
    expect(sent).toEqual([
      ['set', '{bull}:q:mark', '1', 'PX', 60_000],
      ['wait', 1, 500],
    ]);
  });

  it('rejects, naming the counts, when fewer replicas confirm', async () => {
    const { node } = fakeNode(1);
    const refused = confirmReplicas(node, { required: 2, timeoutMs: 500 });
    await expect(refused).rejects.toBeInstanceOf(TooFewReplicasError);
    await expect(refused).rejects.toMatchObject({ confirmed: 1, required: 2 });
  });

  it('rejects when the mark cannot be written', async () => {
    const { node } = fakeNode(1);
    (node as unknown as { set: () => Promise<never> }).set = () => Promise.reject(new Error('READONLY'));
    await expect(confirmReplicas(node, { required: 1, timeoutMs: 500, markKey: 'k' })).rejects.toThrow(
      'READONLY',
    );
  });
});
