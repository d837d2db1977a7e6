import type { Logger } from '@feishu-welcome/shared';
import type { RequestHandler } from 'express';

/** The methods that only read; bull-board's writes (retry, clean, promote, remove…) use PUT, POST, PATCH. */
const READING_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Answers 403 to every request that is not a plain read. This is the second lock on read-only mode: the
 * first is bull-board's own `readOnlyMode`, and this one still holds for any write route a bull-board
 * upgrade adds without that check.
 */
export function refuseWrites(log: Logger): RequestHandler {
  return (req, res, next) => {
    if (READING_METHODS.has(req.method)) {
      next();
      return;
    }
    log.info({ method: req.method, path: req.baseUrl + req.path }, 'write refused in read-only mode');
    res.status(403).json({ error: 'read-only' });
  };
}
