import type { RequestHandler } from 'express';

/**
 * Answers 503 at once while Redis does not answer, instead of letting a board API call wait: a BullMQ
 * queue that has never reached Redis holds every command until it does, however long that takes.
 */
export function requireRedis(isReady: () => Promise<boolean>): RequestHandler {
  return async (_req, res, next) => {
    if (await isReady()) {
      next();
      return;
    }
    res.status(503).set('Retry-After', '5').json({ error: 'redis-unavailable' });
  };
}
