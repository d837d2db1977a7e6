import type { Logger } from '@feishu-welcome/shared';
import type { RequestHandler } from 'express';
import { judgeWriteOrigin } from './judge-write-origin.js';

/** Answers 403 to a write sent by a page of another site (see {@link judgeWriteOrigin}). */
export function refuseCrossSiteWrites(log: Logger): RequestHandler {
  return (req, res, next) => {
    const judged = judgeWriteOrigin({
      method: req.method,
      host: req.get('host'),
      forwardedHost: req.get('x-forwarded-host'),
      origin: req.get('origin'),
      referer: req.get('referer'),
      fetchSite: req.get('sec-fetch-site'),
    });
    if (judged.verdict === 'allowed') {
      next();
      return;
    }
    log.warn({ method: req.method, path: req.path, reason: judged.reason }, 'cross-site write refused');
    res.status(403).json({ error: 'cross-site-write' });
  };
}
