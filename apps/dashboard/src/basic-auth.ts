import { secretMatcher, type Logger } from '@feishu-welcome/shared';
import type { RequestHandler } from 'express';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** `missing`: no Basic credentials were sent; `wrong`: some were, and they are not the configured ones. */
export type BasicAuthVerdict = 'granted' | 'missing' | 'wrong';

export const BASIC_AUTH_CHALLENGE = 'Basic realm="feishu-welcome dashboard"';

/** `Basic <token68>`; the scheme name is case-insensitive (RFC 7617 §2, RFC 9110 §11.1). */
const BASIC_HEADER = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * Judges an `Authorization` header against the configured login
 * (https://www.rfc-editor.org/rfc/rfc7617). Both halves are always compared, so the time taken does
 * not tell a wrong user name from a wrong password. Pure: no I/O, no clock.
 */
export function checkBasicAuth(header: string | undefined, expected: BasicCredentials): BasicAuthVerdict {
  const token = BASIC_HEADER.exec(header ?? '')?.[1];
  if (token === undefined) return header !== undefined && /^basic\b/i.test(header) ? 'wrong' : 'missing';
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  // The user-id cannot hold a colon, so the first one ends it; the password may hold more.
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'wrong';
  const usernameMatches = secretMatcher(expected.username)(decoded.slice(0, colon));
  const passwordMatches = secretMatcher(expected.password)(decoded.slice(colon + 1));
  return usernameMatches && passwordMatches ? 'granted' : 'wrong';
}

/**
 * Lets through only requests carrying the configured login; every other request is answered 401 with
 * the challenge that makes a browser ask for it. Refused logins are logged without what was tried.
 */
export function requireBasicAuth(expected: BasicCredentials, log: Logger): RequestHandler {
  return (req, res, next) => {
    const verdict = checkBasicAuth(req.get('authorization'), expected);
    if (verdict === 'granted') {
      next();
      return;
    }
    // A browser's first visit always comes without credentials; only a wrong login is news.
    if (verdict === 'wrong') log.warn({ method: req.method, path: req.path, ip: req.ip }, 'login refused');
    res.status(401).set('WWW-Authenticate', BASIC_AUTH_CHALLENGE).json({ error: 'unauthorized' });
  };
}
