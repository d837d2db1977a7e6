import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { BLOCKED_BOT_LOG_LINE, BLOCKED_BOT_REASON, failJobLikeABlockedBot } from './fail-job.js';
import { readBoardTab } from './read-board-tab.js';
import { startDashboard, type RunningDashboard } from './start-dashboard.js';

const redisUrl = inject('redisUrl');

/** The board's failed tab for the dashboard's queue. */
const failedTab = (dashboard: RunningDashboard) => readBoardTab(dashboard, 'failed');

const retryPath = (dashboard: RunningDashboard, jobId: string) =>
  `/admin/queues/api/queues/${encodeURIComponent(dashboard.queue.name)}/${encodeURIComponent(jobId)}/retry`;

describe('a failed job on the dashboard', () => {
  let dashboard: RunningDashboard;
  beforeEach(async () => {
    dashboard = await startDashboard({ redisUrl, readOnly: false });
  });
  afterEach(async () => {
    await dashboard.close();
  });

  it('shows why it failed: its reason, its stack trace and the attempts made', async () => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const tab = await failedTab(dashboard);
    expect(tab.counts['failed']).toBe(1);
    expect(tab.jobs).toHaveLength(1);
    const [shown] = tab.jobs;
    expect(shown?.id).toBe(job.id);
    expect(shown?.failedReason).toBe(BLOCKED_BOT_REASON);
    // An UnrecoverableError stops after the first of the 12 attempts the job was allowed.
    expect(shown?.attempts).toBe(1);
    expect(shown?.stacktrace.join('\n')).toContain(`UnrecoverableError: ${BLOCKED_BOT_REASON}`);
  });

  it("serves the job's logs", async () => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const res = await dashboard.request(
      `/admin/queues/api/queues/${encodeURIComponent(dashboard.queue.name)}/${job.id}/logs`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([BLOCKED_BOT_LOG_LINE]);
  });

  it('moves it back to waiting when it is retried, for a worker to send again', async () => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const res = await dashboard.request(retryPath(dashboard, job.id ?? ''), { method: 'PUT' });
    expect(res.status).toBe(204);
    expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('waiting');
    expect((await failedTab(dashboard)).counts['failed']).toBe(0);
  });
});

describe('a failed job on a read-only dashboard', () => {
  let dashboard: RunningDashboard;
  beforeEach(async () => {
    dashboard = await startDashboard({ redisUrl, readOnly: true });
  });
  afterEach(async () => {
    await dashboard.close();
  });

  it('is still shown with its reason', async () => {
    await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const tab = await failedTab(dashboard);
    expect(tab.jobs.map((job) => job.failedReason)).toEqual([BLOCKED_BOT_REASON]);
  });

  it('cannot be retried: the retry is answered 403 and the job stays failed', async () => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const res = await dashboard.request(retryPath(dashboard, job.id ?? ''), { method: 'PUT' });
    expect(res.status).toBe(403);
    expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('failed');
  });

  it("turns on bull-board's own read-only mode as well, so the board offers no write buttons", async () => {
    expect((await failedTab(dashboard)).readOnlyMode).toBe(true);
  });

  it.each([
    ['PUT', 'clean/failed'],
    ['PUT', 'retry/failed'],
    ['PUT', 'pause'],
    ['PUT', 'empty'],
    ['POST', 'add'],
  ])('refuses %s …/%s with 403 and changes nothing', async (method, action) => {
    const job = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const path = `/admin/queues/api/queues/${encodeURIComponent(dashboard.queue.name)}/${action}`;
    const res = await dashboard.request(path, { method, json: { name: 'x', data: {} } });
    expect(res.status).toBe(403);
    expect(await dashboard.queue.getJobState(job.id ?? '')).toBe('failed');
    expect(await dashboard.queue.isPaused()).toBe(false);
    expect(await dashboard.queue.count()).toBe(0);
  });
});
