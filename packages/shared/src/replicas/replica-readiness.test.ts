import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createReplicaReadiness, onlineReplicas } from './replica-readiness.js';

const INFO = [
  '# Replication',
  'role:master',
  'connected_slaves:3',
  'slave0:ip=127.0.0.1,port=7001,state=online,offset=420,lag=0',
  'slave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=0',
  'slave2:ip=127.0.0.1,port=7003,state=online,offset=420,lag=1',
  'master_repl_offset:420',
  '',
].join('\r\n');

const answering = (info: Promise<string>) => () => ({ info: () => info }) as unknown as Redis;

describe('onlineReplicas', () => {
  it('counts the replicas in sync, not one still loading its first copy', () => {
    expect(onlineReplicas(INFO)).toBe(2);
    expect(onlineReplicas('# Replication\r\nrole:master\r\nconnected_slaves:0\r\n')).toBe(0);
  });
});

describe('createReplicaReadiness', () => {
  it('is true with enough replicas online, false with fewer', async () => {
    expect(await createReplicaReadiness(answering(Promise.resolve(INFO)), 2, 100)()).toBe(true);
    expect(await createReplicaReadiness(answering(Promise.resolve(INFO)), 3, 100)()).toBe(false);
  });

  it('cannot tell (undefined) when Redis fails or does not answer in time', async () => {
    expect(await createReplicaReadiness(answering(Promise.reject(new Error('down'))), 1, 100)()).toBe(
      undefined,
    );
    expect(await createReplicaReadiness(answering(new Promise(() => undefined)), 1, 20)()).toBe(undefined);
  });
});
