import express, { type ErrorRequestHandler, type Request, Router } from 'express';
import { FeishuCode } from '../feishu-codes.js';
import { parseJsonBody } from '../json-body.js';
import { issueWsEndpoint } from '../long-connection/issue-ws-endpoint.js';
import type { StandInState } from '../stand-in-state.js';
import { logIdOf } from './log-id.js';
import { sendAnswer } from './send-answer.js';

function readBody(req: Request) {
  return parseJsonBody(req.body, typeof req.is('application/json') === 'string');
}

/** A body that could not be read (too large, aborted) carries no credentials either. */
const unreadableBody: ErrorRequestHandler = (_error: unknown, _req, res, _next) => {
  res.status(400).json({ code: FeishuCode.WS_AUTH_FAILED, msg: 'the request body could not be read' });
};

/** The long connection's endpoint, mounted at `/callback`: where a client gets its WebSocket URL. */
export function createCallbackRouter(state: StandInState): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: '100kb' }));

  router.post('/ws/endpoint', (req, res) => {
    sendAnswer(
      res,
      issueWsEndpoint(state, { body: readBody(req), host: req.get('host'), logId: logIdOf(res) }),
    );
  });

  router.use((_req, res) => {
    res.status(404).json({ code: 404, msg: 'not found' });
  });
  router.use(unreadableBody);
  return router;
}
