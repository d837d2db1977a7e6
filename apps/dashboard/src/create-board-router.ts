import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';
import { formatJobName } from './format-job-name.js';

export interface BoardOptions {
  /** Where the router is mounted; bull-board writes it into the page so assets and API calls resolve. */
  readonly basePath: string;
  readonly readOnly: boolean;
}

/**
 * bull-board's UI, static assets and JSON API over `queues` (https://github.com/felixmosh/bull-board).
 * Only the job's name is formatted (see {@link formatJobName}): it names the tenant and app and why a
 * job waits. Everything else reaches the page as BullMQ stored it: a failed job's failedReason, stack
 * trace, attemptsMade and logs, which is how an operator tells a blocked bot (Feishu 230053) from an
 * outage. The data is left alone on purpose: bull-board's "update data" dialog starts from the data it
 * was served, so a formatted one would be written back into the job. `readOnly` turns on bull-board's
 * own `readOnlyMode`, which answers every write 405 and hides the buttons that would send one.
 */
export function createBoardRouter(queues: readonly Queue[], options: BoardOptions): Router {
  const serverAdapter = new ExpressAdapter().setBasePath(options.basePath);
  createBullBoard({
    queues: queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { readOnlyMode: options.readOnly });
      adapter.setFormatter('name', formatJobName);
      return adapter;
    }),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'feishu-welcome' } },
  });
  // @bull-board/express declares getRouter() as `any`; what it returns is the Express router it built.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const router: Router = serverAdapter.getRouter();
  return router;
}
