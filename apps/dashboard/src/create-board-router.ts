import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

export interface BoardOptions {
  /** Where the router is mounted; bull-board writes it into the page so assets and API calls resolve. */
  readonly basePath: string;
  readonly readOnly: boolean;
}

/**
 * bull-board's UI, static assets and JSON API over `queues` (https://github.com/felixmosh/bull-board).
 * No formatter is set, so a failed job reaches the page as BullMQ stored it: failedReason, stack
 * trace, attemptsMade and the job's logs, which is how an operator tells a blocked bot (Feishu
 * 230053) from an outage. `readOnly` turns on bull-board's own `readOnlyMode`, which answers every
 * write 405 and hides the buttons that would send one.
 */
export function createBoardRouter(queues: readonly Queue[], options: BoardOptions): Router {
  const serverAdapter = new ExpressAdapter().setBasePath(options.basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: options.readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'feishu-welcome' } },
  });
  // @bull-board/express declares getRouter() as `any`; what it returns is the Express router it built.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const router: Router = serverAdapter.getRouter();
  return router;
}
