import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { TooFewReplicasError, WriteNotFoundError, confirmReplicas } from './confirm-replicas.js';

/**
 * A node connection that records the commands sent on it, answers WAIT with `replicas`, EXISTS /
 * HEXISTS from `present`, and HGET from `values` (by `key#field`).
 */
function fakeNode(
  replicas: number,
  present: ReadonlySet<string> = new Set(),
  values: ReadonlyMap<string, string> = new Map(),
) {
  const sent: unknown[][] = [];
  const node = {
    exists: (...keys: string[]) => (
      sent.push(['exists', ...keys]),
      Promise.resolve(keys.filter((key) => present.has(key)).length)
    ),
    hexists: (key: string, field: string) => (
      sent.push(['hexists', key, field]),
      Promise.resolve(present.has(`${key}#${field}`) ? 1 : 0)
    ),
    hget: (key: string, field: string) => (
      sent.push(['hget', key, field]),
      Promise.resolve(values.get(`${key}#${field}`) ?? null)
    ),
    set: (...args: unknown[]) => (sent.push(['set', ...args]), Promise.resolve('OK')),
    wait: (...args: unknown[]) => (sent.push(['wait', ...args]), Promise.resolve(replicas)),
  } as unknown as Redis;
  return { node, sent };
}

describe('confirmReplicas', () => {
  it('checks, marks, then sends one WAIT for the replicas required with what remains of the time', async () => {
    const { node, sent } = fakeNode(2, new Set(['{b}:q:1', '{b}:q:2']));
    await confirmReplicas(node, {
      required: 2,
      timeoutMs: 740.2,
      markKey: '{b}:q:m',
      keys: ['{b}:q:1', '{b}:q:2'],
    });
    expect(sent).toEqual([
      ['exists', '{b}:q:1', '{b}:q:2'],
      ['set', '{b}:q:m', '1', 'PX', 60_000],
      ['wait', 2, 741],
    ]);
  });

  it('never sends WAIT with timeout 0, which would block for ever', async () => {
    const { node, sent } = fakeNode(1);
    await confirmReplicas(node, { required: 1, timeoutMs: -5, markKey: 'm' });
    expect(sent.at(-1)).toEqual(['wait', 1, 1]);
  });

  it('refuses when a key or a hash field to confirm is not on the node asked', async () => {
    const { node } = fakeNode(1, new Set(['q:1', 'r#ou_1']));
    const options = { required: 1, timeoutMs: 500, markKey: 'm' };
    await expect(confirmReplicas(node, { ...options, keys: ['q:1', 'q:2'] })).rejects.toBeInstanceOf(
      WriteNotFoundError,
    );
    await expect(
      confirmReplicas(node, { ...options, fields: [{ key: 'r', field: 'ou_2' }] }),
    ).rejects.toBeInstanceOf(WriteNotFoundError);
    await confirmReplicas(node, { ...options, keys: ['q:1'], fields: [{ key: 'r', field: 'ou_1' }] });
  });

  it('takes a field holding at least the number asked for as its write, or a newer one, found', async () => {
    const { node, sent } = fakeNode(1, new Set(), new Map([['t#pushedAt', '1700000000500']]));
    const options = { required: 1, timeoutMs: 500, markKey: 'm' };
    const asking = (atLeast: number) => ({ ...options, fields: [{ key: 't', field: 'pushedAt', atLeast }] });
    await confirmReplicas(node, asking(1_700_000_000_500));
    await confirmReplicas(node, asking(1_699_999_999_000));
    expect(sent.slice(0, 3)).toEqual([
      ['hget', 't', 'pushedAt'],
      ['set', 'm', '1', 'PX', 60_000],
      ['wait', 1, 500],
    ]);
    // An older time on the node (a failover lost the write), or none, is not the write.
    await expect(confirmReplicas(node, asking(1_700_000_000_501))).rejects.toBeInstanceOf(WriteNotFoundError);
    await expect(
      confirmReplicas(node, { ...options, fields: [{ key: 'u', field: 'pushedAt', atLeast: 0 }] }),
    ).rejects.toBeInstanceOf(WriteNotFoundError);
  });

  it('rejects, naming the counts, when fewer replicas confirm', async () => {
    const { node } = fakeNode(1);
    const refused = confirmReplicas(node, { required: 2, timeoutMs: 500, markKey: 'm' });
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
