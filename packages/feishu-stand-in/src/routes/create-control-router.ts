import express, { type ErrorRequestHandler, type Request, Router } from 'express';
import type { FeishuStandInControl } from '../create-control.js';
import { InvalidFaultError } from '../invalid-fault-error.js';
import { InvalidWsPushError } from '../long-connection/invalid-ws-push-error.js';
import { parseWsPushRequest } from '../long-connection/ws-push-request.js';
import { parseWsLoadRequest } from '../long-connection/ws-load-request.js';
import { parseFault } from '../parse-fault.js';

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
 * people trying it out: read what was delivered, script faults, expire tokens, push events over the
 * long connection and break its connections, reset.
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
      res.status(201).json({ fault: control.addFault(parseFault(req.body)) });
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
  router.post('/ws/push', (req, res) => {
    try {
      const { event, ...options } = parseWsPushRequest(req.body);
      res.status(202).json({ delivery: control.wsPush(event, options) });
    } catch (error) {
      if (!(error instanceof InvalidWsPushError)) throw error;
      res.status(400).json({ error: 'invalid push', problems: error.problems });
    }
  });
  router.post('/ws/load', async (req, res) => {
    let request;
    try {
      request = parseWsLoadRequest(req.body);
    } catch (error) {
      if (!(error instanceof InvalidWsPushError)) throw error;
      res.status(400).json({ error: 'invalid load', problems: error.problems });
      return;
    }
    const { event, ...options } = request;
    res.json({ load: await control.wsLoad(event, options) });
  });
  router.get('/ws/connections', (_req, res) => {
    res.json({ connections: control.wsConnections() });
  });
  router.get('/ws/deliveries', (req, res) => {
    const eventId = req.query['event_id'];
    res.json({ deliveries: control.wsDeliveries(typeof eventId === 'string' ? { eventId } : {}) });
  });
  router.post('/ws/drop', (_req, res) => {
    res.json({ dropped: control.wsDrop() });
  });
  router.post('/ws/half-open', (_req, res) => {
    res.json({ silenced: control.wsHalfOpen() });
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
