import express, { type Request, Router } from 'express';
import { type JsonBody, parseJsonBody } from '../json-body.js';
import { logIdOf } from '../routes/log-id.js';
import { sendAnswer } from '../routes/send-answer.js';
import type { StandInState } from '../stand-in-state.js';
import { issueAppToken } from './issue-app-token.js';
import { issueTenantToken } from './issue-tenant-token.js';
import { resendTicket } from './resend-ticket.js';

function readBody(req: Request): JsonBody {
  return parseJsonBody(req.body, typeof req.is('application/json') === 'string');
}

/** A store app's auth endpoints, mounted at `/open-apis` ahead of the common ones. */
export function createStoreAppRouter(state: StandInState): Router {
  const router = Router();
  const store = state.storeApp;
  const raw = express.raw({ type: () => true, limit: '100kb' });
  router.post('/auth/v3/app_access_token', raw, (req, res) => {
    sendAnswer(res, issueAppToken(state, store, { body: readBody(req), logId: logIdOf(res) }));
  });
  router.post('/auth/v3/tenant_access_token', raw, (req, res) => {
    sendAnswer(res, issueTenantToken(state, store, { body: readBody(req), logId: logIdOf(res) }));
  });
  router.post('/auth/v3/app_ticket/resend', raw, (req, res) => {
    sendAnswer(res, resendTicket(state, store, { body: readBody(req), logId: logIdOf(res) }));
  });
  return router;
}
