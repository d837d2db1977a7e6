import { startRedisCluster, type RedisCluster } from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoardTab } from './read-board-tab.js';
import { startDashboard } from './start-dashboard.js';

describe('the dashboard on a Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('shows the queue and promotes a delayed job, a write of several keys in the queue slot', async () => {
    const dashboard = await startDashboard({ redisUrl: cluster.url, redisCluster: true, readOnly: false });
    try {
      const job = await dashboard.queue.add('p2p_chat_create', { eventId: 'ev' }, { delay: 3_600_000 });
      const delayed = await readBoardTab(dashboard, 'delayed');
      expect(delayed.counts['delayed']).toBe(1);
      expect(delayed.jobs.map(({ id }) => id)).toEqual([job.id]);

      const name = encodeURIComponent(dashboard.queue.name);
      const res = await dashboard.request(`/admin/queues/api/queues/${name}/${job.id ?? ''}/promote`, {
        method: 'PUT',
      });
      expect(res.status).toBe(204);
      expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('waiting');
      expect((await dashboard.request('/readyz')).status).toBe(200);
    } finally {
      await dashboard.close();
    }
  });
});
