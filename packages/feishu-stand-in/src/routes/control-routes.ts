import express, { type ErrorRequestHandler, type Request, Router } from 'express';
import type { FeishuStandInControl } from '../create-control.js';
import { InvalidFaultError } from '../invalid-fault-error.js';

const malformedBody: ErrorRequestHandler = (_error: unknown, _req, res, _next) => {
  res.status(400).json({ error: 'the body is not valid JSON' });
};

/** `?receive_id=…`: only what concerns that receiver. */
function receiverFilter(req: Request): { receive_id?: string } {
  const receiveId = req.query['receive_id'];
  return typeof receiveId === 'string' ? { receive_id: receiveId } : {};
}

/**
 * The control API, mounted at `/__stand-in`, for tests that run the product in another process and for
 * people trying it out: read what was delivered, script faults, expire tokens, reset.
 */
export function createControlRouter(control: FeishuStandInControl): Router {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/', (_req, res) => {
    res.json({ name: 'feishu-stand-in', ok: true });
  });
  router.get('/messages', (req, res) => {
    res.json({ messages: control.messages(receiverFilter(req)) });
  });
  router.get('/stats', (_req, res) => {
    res.json(control.stats());
  });
  router.get('/requests', (req, res) => {
    res.json({ requests: control.requests(receiverFilter(req)) });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: control.faults() });
  });
  router.post('/faults', (req, res) => {
    try {
      res.status(201).json({ fault: control.addFault(req.body) });
    } catch (error) {
      if (!(error instanceof InvalidFaultError)) throw error;
      res.status(400).json({ error: 'invalid fault', problems: error.problems });
    }
  });
  router.delete('/faults', (_req, res) => {
    res.json({ cleared: control.clearFaults() });
  });
  router.delete('/faults/:id', (req, res) => {
    if (control.removeFault(req.params.id)) res.json({ removed: req.params.id });
    else res.status(404).json({ error: 'no such fault' });
  });
  router.post('/tokens/expire', (_req, res) => {
    res.json({ expired: control.expireTokens() });
  });
  router.post('/reset', (_req, res) => {
    control.reset();
    res.json({ reset: true });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  router.use(malformedBody);
  return router;
}
