import type { Response } from 'express';
import type { Answer, FeishuReply } from '../feishu-reply.js';

function writeReply(res: Response, reply: FeishuReply): void {
  // The client may have given up on a delayed answer.
  if (res.headersSent || res.destroyed) return;
  if (reply.headers !== undefined) res.set(reply.headers);
  res.status(reply.status).json(reply.body);
}

/** Writes an answer now, after its delay, or never (the request is held until the client or server closes). */
export function sendAnswer(res: Response, answer: Answer): void {
  switch (answer.kind) {
    case 'now':
      writeReply(res, answer.reply);
      return;
    case 'later': {
      const timer = setTimeout(() => writeReply(res, answer.reply), answer.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'never':
      return;
    default: {
      const unknown: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(unknown)}`);
    }
  }
}
