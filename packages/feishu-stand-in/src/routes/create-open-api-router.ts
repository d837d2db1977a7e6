import express, { type ErrorRequestHandler, type Request, Router } from 'express';
import { FeishuCode } from '../feishu-codes.js';
import { issueToken } from '../issue-token.js';
import { type JsonBody, parseJsonBody } from '../json-body.js';
import { sendMessage } from '../send-message.js';
import type { StandInState } from '../stand-in-state.js';
import { logIdOf } from './log-id.js';
import { sendAnswer } from './send-answer.js';

/** Room for a 150 KB text message even when every character is sent as a `\uXXXX` escape. */
const BODY_LIMIT = '2mb';

function readBody(req: Request): JsonBody {
  return parseJsonBody(req.body, typeof req.is('application/json') === 'string');
}

/** A body that could not be read at all (too large, aborted) is a bad request, never an HTML page. */
const unreadableBody: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const tooLarge =
    typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';
  res
    .status(400)
    .json(
      tooLarge
        ? { code: FeishuCode.MESSAGE_TOO_LONG, msg: `the request body is over ${BODY_LIMIT}` }
        : { code: FeishuCode.INVALID_PARAMS, msg: 'the request body could not be read' },
    );
};

/** The Feishu Open API endpoints the product calls, mounted at `/open-apis`. */
export function createOpenApiRouter(state: StandInState): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: BODY_LIMIT }));

  router.post('/auth/v3/tenant_access_token/internal', (req, res) => {
    sendAnswer(res, issueToken(state, { body: readBody(req), logId: logIdOf(res) }));
  });

  router.post('/im/v1/messages', (req, res) => {
    const answer = sendMessage(state, {
      authorization: req.get('authorization'),
      receiveIdType: req.query['receive_id_type'],
      body: readBody(req),
      logId: logIdOf(res),
    });
    sendAnswer(res, answer);
  });

  router.use((_req, res) => {
    res.status(404).json({ code: 404, msg: 'not found' });
  });
  router.use(unreadableBody);
  return router;
}
