import { expect } from 'vitest';
import type { RunningDashboard } from './start-dashboard.js';

/** The parts of bull-board's `GET /api/queues` answer the tests read. */
export interface BoardQueue {
  readonly name: string;
  readonly readOnlyMode: boolean;
  readonly counts: Record<string, number>;
  readonly jobs: readonly {
    readonly id: string;
    readonly name: string;
    readonly failedReason: string;
    readonly attempts: number;
    readonly stacktrace: readonly string[];
    readonly progress: unknown;
  }[];
}

/**
 * One tab of the board for the dashboard's queue, read through bull-board's JSON API with the query
 * its page sends (`activeQueue`, `status`, `page`).
 */
export async function readBoardTab(dashboard: RunningDashboard, status: string): Promise<BoardQueue> {
  const name = encodeURIComponent(dashboard.queue.name);
  const res = await dashboard.request(`/admin/queues/api/queues?activeQueue=${name}&status=${status}&page=1`);
  expect(res.status).toBe(200);
  const { queues } = (await res.json()) as { queues: BoardQueue[] };
  const queue = queues.find((q) => q.name === dashboard.queue.name);
  if (!queue) throw new Error(`queue ${dashboard.queue.name} is not on the board`);
  return queue;
}
