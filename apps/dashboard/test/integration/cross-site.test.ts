import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { failJobLikeABlockedBot } from './fail-job.js';
import { startDashboard, type RunningDashboard } from './start-dashboard.js';

const redisUrl = inject('redisUrl');
const EVIL = 'https://evil.example';

describe('writes on a writable dashboard', () => {
  let dashboard: RunningDashboard;
  let api: string;
  beforeEach(async () => {
    dashboard = await startDashboard({ redisUrl, readOnly: false });
    api = `/admin/queues/api/queues/${encodeURIComponent(dashboard.queue.name)}`;
  });
  afterEach(async () => {
    await dashboard.close();
  });

  const addJob = { name: 'p2p_chat_create', data: { eventId: 'forged' } };

  it.each([
    ['a JSON post from another origin', { origin: EVIL }],
    [
      'a form post from another origin',
      { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
    ],
    ['a form post whose only clue is its Referer', { referer: `${EVIL}/form.html` }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a post from a sandboxed page', { origin: 'null' }],
  ])('refuses to add a job for %s, with the login cached, and adds nothing', async (_what, headers) => {
    const res = await dashboard.request(`${api}/add`, { method: 'POST', json: addJob, headers });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'cross-site-write' });
    expect(await dashboard.queue.count()).toBe(0);
  });

  it('refuses a retry from another origin and leaves the job failed', async () => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    for (const action of [`${job.id}/retry`, 'retry/failed']) {
      const res = await dashboard.request(`${api}/${action}`, { method: 'PUT', headers: { origin: EVIL } });
      expect(res.status).toBe(403);
    }
    expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('failed');
  });

  it("lets the board's own page add and retry", async () => {
    const own = { origin: dashboard.url, 'sec-fetch-site': 'same-origin' };
    const added = await dashboard.request(`${api}/add`, { method: 'POST', json: addJob, headers: own });
    expect(added.status).toBe(200);
    expect(await dashboard.queue.count()).toBe(1);

    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const retried = await dashboard.request(`${api}/${job.id}/retry`, { method: 'PUT', headers: own });
    expect(retried.status).toBe(204);
    expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('waiting');
  });

  it('refuses framing everywhere and lets no cache keep what the login shows', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await dashboard.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const refused = await dashboard.request('/admin/queues', { login: null });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-frame-options')).toBe('DENY');
  });
});
