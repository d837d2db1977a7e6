import type { Logger, Readiness } from '@feishu-welcome/shared';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { createWebhookHandler, type HandleWebhookDeps } from './create-webhook-handler.js';
import type { IngressMetrics } from './ingress-metrics.js';
import { logOutcome } from './log-outcome.js';
import { sendOutcome } from './send-outcome.js';

/** Feishu's pushes are small; anything bigger is not from Feishu. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const WEBHOOK_PATH = '/webhook/event';

export interface AppDeps extends HandleWebhookDeps {
  readonly log: Logger;
  readonly metrics: IngressMetrics;
  /** True while the queue's Redis answers. */
  /** `/readyz`: true, or why not (`redis-unavailable`, `too-few-replicas`). */
  readonly isReady: () => Promise<Readiness>;
}

/** The public HTTP surface: the webhook and the health probes, nothing else. */
export function createApp(deps: AppDeps): Express {
  const handleWebhook = createWebhookHandler(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.post(
    WEBHOOK_PATH,
    // The signature covers the exact bytes received, so the body is kept raw (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case).
    express.raw({ type: () => true, limit: MAX_BODY_BYTES }),
    async (req, res) => {
      const started = process.hrtime.bigint();
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await handleWebhook({
        rawBody,
        timestamp: req.get('x-lark-request-timestamp'),
        nonce: req.get('x-lark-request-nonce'),
        signature: req.get('x-lark-signature'),
      });
      sendOutcome(res, outcome);
      deps.metrics.observe(outcome, Number(process.hrtime.bigint() - started) / 1e9);
      logOutcome(deps.log, outcome);
    },
  );

  app.all(WEBHOOK_PATH, (_req, res) => {
    res.status(405).set('Allow', 'POST').json({ error: 'method-not-allowed' });
  });

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady();
    if (ready === true) res.status(200).json({ status: 'ready' });
    else res.status(503).json({ status: ready === false ? 'redis-unavailable' : ready.reason });
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not-found' });
  });

  const onError: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({ error: 'body-too-large' });
      return;
    }
    const status =
      typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.log.error({ err: error }, 'request failed');
    res.status(status).json({ error: status === 500 ? 'internal' : 'bad-request' });
  };
  app.use(onError);
  return app;
}
