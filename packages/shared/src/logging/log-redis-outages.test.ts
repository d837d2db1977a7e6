import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../create-logger.js';
import { logRedisOutages } from './log-redis-outages.js';

const NOW_MS = 1_700_000_000_000;

/** A stand-in for an ioredis client: an emitter with a `status`. */
class FakeRedis extends EventEmitter {
  status = 'connecting';
  fail(message: string, code?: string): void {
    this.status = 'reconnecting';
    const details = { command: { name: 'auth', args: ['pw-arg'] }, ...(code === undefined ? {} : { code }) };
    this.emit('error', Object.assign(new Error(message), details));
  }
  recover(): void {
    this.status = 'ready';
    this.emit('ready');
  }
}

function watched(level: 'info' | 'debug' = 'info') {
  type LogLine = { level: number; msg: string; err?: { message: string } };
  const lines: LogLine[] = [];
  const log = createLogger({
    name: 'test',
    level,
    destination: { write: (line) => lines.push(JSON.parse(line) as LogLine) },
  });
  const redis = new FakeRedis();
  let now = NOW_MS;
  const outages = logRedisOutages(redis, log, { now: () => now, repeatWindowMs: 60_000 });
  return { lines, redis, outages, advance: (ms: number) => (now += ms) };
}

describe('logRedisOutages', () => {
  it('logs a refused password once, in words, however often ioredis retries', () => {
    const { lines, redis } = watched();
    for (let i = 0; i < 50; i++) redis.fail('WRONGPASS invalid username-password pair or user is disabled.');
    expect(lines.map((line) => line.msg)).toEqual(['Redis refused the password: check REDIS_URL']);
    expect(lines[0]?.level).toBe(50);
    expect(JSON.stringify(lines)).not.toContain('pw-arg');
  });

  it('says that a TLS certificate was not accepted, and how a private CA is trusted', () => {
    const { lines, redis } = watched();
    for (let i = 0; i < 5; i++)
      redis.fail('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [
        50,
        "Redis's TLS certificate was not accepted: for a private CA set NODE_EXTRA_CA_CERTS to its PEM file",
      ],
    ]);
  });

  it('names rediss:// when the connection is reset before Redis ever answered, and only then', () => {
    const { lines, redis } = watched();
    redis.fail('write ECONNRESET', 'ECONNRESET');
    redis.recover();
    redis.fail('read ECONNRESET', 'ECONNRESET');
    expect(lines.map((line) => line.msg)).toEqual([
      'Redis closed the connection before answering: if it wants TLS, REDIS_URL must start with rediss://',
      'redis connection restored',
      'redis connection error',
    ]);
  });

  it('logs an outage as it starts and as it ends, and the next one again', () => {
    const { lines, redis } = watched();
    redis.fail('connect ECONNREFUSED 127.0.0.1:6379');
    redis.fail('connect ECONNREFUSED 127.0.0.1:6379');
    redis.recover();
    redis.fail('read ECONNRESET');
    expect(lines.map((line) => line.msg)).toEqual([
      'redis connection error',
      'redis connection restored',
      'redis connection error',
    ]);
  });

  it("keeps a BullMQ worker's errors at debug while the connection is down", () => {
    const { lines, redis, outages } = watched();
    const onWorkerError = outages.errorListener('worker error');
    redis.fail('NOAUTH Authentication required.');
    for (let i = 0; i < 20; i++) onWorkerError(new Error('NOAUTH Authentication required.'));
    expect(lines.map((line) => line.msg)).toEqual(['Redis refused the password: check REDIS_URL']);
  });

  it('logs each kind of worker error once a minute while Redis is up', () => {
    const { lines, redis, outages, advance } = watched();
    redis.recover();
    const onWorkerError = outages.errorListener('worker error');
    onWorkerError(new Error('Missing lock for job 1. moveToFinished'));
    onWorkerError(new Error('Missing lock for job 1. moveToFinished'));
    onWorkerError(new Error('something else'));
    advance(59_999);
    onWorkerError(new Error('something else'));
    advance(1);
    onWorkerError(new Error('something else'));
    expect(lines.map((line) => `${line.msg}: ${line.err?.message}`)).toEqual([
      'worker error: Missing lock for job 1. moveToFinished',
      'worker error: something else',
      'worker error: something else',
    ]);
  });

  it("logs each failing cluster node once per window, apart from the cluster's own state", () => {
    const { lines, redis, advance } = watched();
    const nodeError = (address: string) =>
      redis.emit('node error', new Error(`connect ECONNREFUSED ${address}`), address);
    for (let i = 0; i < 20; i++) {
      nodeError('127.0.0.1:7001');
      nodeError('127.0.0.1:7002');
    }
    advance(60_000);
    nodeError('127.0.0.1:7001');
    expect(lines.map((line) => [line.level, line.msg, line.err?.message])).toEqual([
      [40, 'redis cluster node error', 'connect ECONNREFUSED 127.0.0.1:7001'],
      [40, 'redis cluster node error', 'connect ECONNREFUSED 127.0.0.1:7002'],
      [40, 'redis cluster node error', 'connect ECONNREFUSED 127.0.0.1:7001'],
    ]);
  });
});
