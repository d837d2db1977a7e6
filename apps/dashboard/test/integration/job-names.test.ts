import { TEST_APP, botP2pChatEntered, makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { BLOCKED_BOT_REASON, failJobLikeABlockedBot } from './fail-job.js';
import { parkJobLikeTheWorker, type JobWait } from './park-job.js';
import { readBoardTab } from './read-board-tab.js';
import { eventJobData } from './run-job-once.js';
import { startDashboard, type RunningDashboard } from './start-dashboard.js';

const redisUrl = inject('redisUrl');
const OTHER_TENANT = '2ca1d211f64f6438';
const owner = (tenantKey: string) => `tenant ${tenantKey} · app ${TEST_APP.appId}`;

/** A wait that ends well after the test, so the job is still waiting when the board is read. */
function waitFor(waiting: JobWait['waiting']): { wait: JobWait; until: string } {
  const until = new Date(Date.now() + 10 * 60_000);
  return { wait: { waiting, until: until.toISOString() }, until: `${until.toISOString().slice(11, 19)}Z` };
}

const p2pJob = (tenantKey: string) =>
  eventJobData(p2pChatCreate(makeUser(), { tenantKey }), 'p2p_chat_create');

describe("the board's job names", () => {
  let dashboard: RunningDashboard;
  beforeEach(async () => {
    dashboard = await startDashboard({ redisUrl, readOnly: true });
  });
  afterEach(async () => {
    await dashboard.close();
  });

  it.each([
    ['ticket', 'waiting for the app_ticket'],
    ['tenant-limit', 'waiting: tenant at its limit'],
    ['throttled', 'waiting: throttled by Feishu'],
  ] as const)(
    'say of a delayed job whose tenant it is and why it waits (%s), until when',
    async (waiting, label) => {
      const { wait, until } = waitFor(waiting);
      const job = await parkJobLikeTheWorker(dashboard.queue, redisUrl, p2pJob(OTHER_TENANT), wait);
      const tab = await readBoardTab(dashboard, 'delayed');
      expect(tab.jobs.map(({ id, name }) => ({ id, name }))).toEqual([
        { id: job.id, name: `p2p_chat_create · ${owner(OTHER_TENANT)} · ${label} until ${until}` },
      ]);
      // The wait costs no attempt, and the Progress tab still shows what the worker recorded.
      expect(tab.jobs[0]?.attempts).toBe(0);
      expect(tab.jobs[0]?.progress).toEqual(wait);
    },
  );

  it('say why a job waited once it is back in the wait list, and only whose it is for one that never waited', async () => {
    const { wait, until } = waitFor('tenant-limit');
    const parked = await parkJobLikeTheWorker(dashboard.queue, redisUrl, p2pJob(OTHER_TENANT), wait);
    // What the worker's waker does when the wait is over.
    await parked.promote();
    const fresh = eventJobData(botP2pChatEntered(makeUser()), 'im.chat.access_event.bot_p2p_chat_entered_v1');
    const added = await dashboard.queue.add(String(fresh['eventType']), fresh, { jobId: 'ev-fresh' });

    const names = new Map((await readBoardTab(dashboard, 'waiting')).jobs.map((job) => [job.id, job.name]));
    expect(names).toEqual(
      new Map([
        [parked.id, `p2p_chat_create · ${owner(OTHER_TENANT)} · waiting: tenant at its limit until ${until}`],
        [added.id, `im.chat.access_event.bot_p2p_chat_entered_v1 · ${owner(TEST_APP.tenantKey)}`],
      ]),
    );
  });

  it("show a failed job's tenant above its reason", async () => {
    const ours = await failJobLikeABlockedBot(dashboard.queue, redisUrl);
    const theirs = await failJobLikeABlockedBot(dashboard.queue, redisUrl, OTHER_TENANT);
    const shown = (await readBoardTab(dashboard, 'failed')).jobs.map(({ id, name, failedReason }) => ({
      id,
      name,
      failedReason,
    }));
    expect(shown).toEqual(
      expect.arrayContaining([
        {
          id: ours.id,
          name: `p2p_chat_create · ${owner(TEST_APP.tenantKey)}`,
          failedReason: BLOCKED_BOT_REASON,
        },
        { id: theirs.id, name: `p2p_chat_create · ${owner(OTHER_TENANT)}`, failedReason: BLOCKED_BOT_REASON },
      ]),
    );
    expect(shown).toHaveLength(2);
  });
});
