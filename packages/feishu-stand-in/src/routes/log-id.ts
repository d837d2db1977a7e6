import type { RequestHandler, Response } from 'express';
import { newLogId } from '../feishu-ids.js';

/**
 * Gives every answer a fresh `X-Tt-Logid`, as Feishu does; clients should keep it with failures
 * because Feishu support asks for it.
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 */
export function assignLogId(now: () => number): RequestHandler {
  return (_req, res, next) => {
    const logId = newLogId(now());
    res.setHeader('X-Tt-Logid', logId);
    res.locals['logId'] = logId;
    next();
  };
}

export function logIdOf(res: Response): string {
  const logId: unknown = res.locals['logId'];
  return typeof logId === 'string' ? logId : '';
}
