/**
 * RFC 3986's userinfo: unreserved characters, sub-delims, `:` and percent-escapes
 * (https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1).
 */
const ENCODED_USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/;

/**
 * True when every URL parser reads the same host and password from `url`: its user name and password
 * are percent-encoded, and its path is a database number at most. ioredis reads the URL with Node's
 * legacy `url.parse`, which takes a password's `/`, `#`, `?` or `\` for the end of the host (connecting
 * elsewhere), throws on a stray `%`, and prints the whole URL, password included, in its DEP0170
 * warning (https://nodejs.org/api/deprecations.html#DEP0170).
 */
export function readsAlike(url: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  if (at !== -1 && !ENCODED_USERINFO.test(authority.slice(0, at))) return false;
  return URL.canParse(url) && /^(\/\d*)?$/.test(new URL(url).pathname);
}
