/**
 * `scheme://userinfo@`: everything from `//` to the last `@` before a space, as a password typed into a
 * URL may hold `@` or `/`. Redacting a little too much (a path with an `@`) is the safe side.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)\S*@/gi;
/** A credential after an HTTP auth scheme, as an error may quote an `Authorization` header. */
const AUTH_SCHEME_CREDENTIAL = /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Removes the credentials a log text may carry: the user and password of any URL
 * (`redis://:pw@host` → `redis://[redacted]@host`) and Basic / Bearer credentials.
 */
export function scrubText(text: string): string {
  return text.replace(URL_USERINFO, '$1[redacted]@').replace(AUTH_SCHEME_CREDENTIAL, '$1 [redacted]');
}
