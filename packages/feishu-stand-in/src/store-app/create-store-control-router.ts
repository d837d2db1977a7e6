import express, { Router } from 'express';
import { z } from 'zod';
import type { StoreAppControl } from './store-app-control.js';

const RotateBody = z.object({ push: z.boolean().optional() }).optional();
const ChatBody = z.object({ chat_id: z.string().min(1), tenant_key: z.string().min(1) });

/** The store-app controls, mounted at `/__stand-in/store` ahead of the common ones. */
export function createStoreControlRouter(control: StoreAppControl): Router {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.post('/rotate-ticket', (req, res) => {
    const body = RotateBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'push must be a boolean' });
      return;
    }
    control.rotateTicket(body.data ?? {});
    res.json({ rotated: true });
  });
  router.post('/push-ticket', (_req, res) => {
    control.pushTicket();
    res.status(202).json({ pushing: true });
  });
  router.post('/chats', (req, res) => {
    const body = ChatBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'chat_id and tenant_key are required' });
      return;
    }
    control.assignChat(body.data.chat_id, body.data.tenant_key);
    res.status(201).json({ chat_id: body.data.chat_id, tenant_key: body.data.tenant_key });
  });
  router.get('/stats', (_req, res) => {
    res.json(control.stats());
  });
  return router;
}
