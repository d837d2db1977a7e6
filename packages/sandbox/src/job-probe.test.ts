import { freePort, startTlsRedisServer } from '@feishu-welcome/dev-kit';
import { describe, expect, it } from 'vitest';
import { openJobProbe } from './job-probe.js';

describe('openJobProbe', () => {
  it('fails a read at once where no Redis answers', async () => {
    const probe = openJobProbe(
      { redisUrl: `redis://127.0.0.1:${await freePort()}`, redisCluster: false },
      'test',
    );
    try {
      await expect(probe.read('ev-1')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await probe.close();
    }
  });

  it('fails a read at once, naming the cause, when the TLS certificate is not trusted', async () => {
    // This process was given no NODE_EXTRA_CA_CERTS: the server's throwaway CA is unknown to it.
    const redis = await startTlsRedisServer({ password: 'probe-pass' });
    const probe = openJobProbe({ redisUrl: redis.url, redisCluster: false }, 'test');
    try {
      await expect(probe.read('ev-1')).rejects.toThrow(/self-signed certificate/);
    } finally {
      await probe.close();
      await redis.dispose();
    }
  });
});
