import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnswers } from './redis-answers.js';
import { startTlsRedisServer, type TlsRedisServer } from './start-tls-redis-server.js';

describe('startTlsRedisServer', () => {
  let server: TlsRedisServer;
  beforeAll(async () => {
    server = await startTlsRedisServer({ password: 'p@ss:w/rd#1' });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('serves TLS with a certificate its CA signed, and asks for the password', async () => {
    expect(server.url).toBe(`rediss://app:p%40ss%3Aw%2Frd%231@127.0.0.1:${server.port}`);
    expect(await redisAnswers(server.url, 2_000, { ca: readFileSync(server.caFile) })).toBe(true);
    // Untrusted without its CA, and no plain Redis on that port.
    expect(await redisAnswers(server.url, 2_000)).toBe(false);
    expect(await redisAnswers(`redis://127.0.0.1:${server.port}`, 2_000)).toBe(false);
  });
});
