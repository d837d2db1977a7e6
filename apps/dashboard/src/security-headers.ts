import type { RequestHandler } from 'express';

/**
 * No page may show the dashboard in a frame, where a click on a hidden button is a click on retry or
 * clean (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/frame-ancestors;
 * `X-Frame-Options` for browsers that predate it).
 */
export const refuseFraming: RequestHandler = (_req, res, next) => {
  res.set('X-Frame-Options', 'DENY');
  res.set('Content-Security-Policy', "frame-ancestors 'none'");
  next();
};

/** What was shown to the login is kept by no cache: not the browser's, not a proxy's. */
export const storeNothing: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
