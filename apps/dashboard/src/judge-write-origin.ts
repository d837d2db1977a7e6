/** The request headers that tell where a write comes from. */
export interface WriteSource {
  readonly method: string;
  /** `Host`: the dashboard's own host as the browser addressed it. */
  readonly host: string | undefined;
  /** `X-Forwarded-Host`, set by a proxy that rewrites `Host`; a page on another site cannot set it. */
  readonly forwardedHost: string | undefined;
  readonly origin: string | undefined;
  readonly referer: string | undefined;
  readonly fetchSite: string | undefined;
}

export type WriteOriginVerdict =
  | { readonly verdict: 'allowed' }
  | { readonly verdict: 'refused'; readonly reason: 'sec-fetch-site' | 'origin' | 'referer' };

/** Methods that change nothing (bull-board's writes are PUT, POST, PATCH and DELETE). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `none`: the user's own action (typed address, bookmark), not a page's. */
const OWN_SITE_FETCHES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** `host[:port]` as `URL` writes it for `protocol`, or undefined if it is no host at all. */
function normalHost(host: string, protocol: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/**
 * Whether a write may go ahead: one sent by a page of another site is refused. A browser sends the
 * login it has cached for the dashboard with a form posted from any site, so the login alone cannot
 * tell (https://owasp.org/www-community/attacks/csrf). Browsers say where a write comes from in
 * `Sec-Fetch-Site`, in `Origin` (on every POST, PUT, PATCH, DELETE) or at least in `Referer`; it must be
 * the dashboard's own host. A request with none of them comes from no browser (curl, a script) and is
 * let through. Schemes are not compared: behind a TLS proxy the dashboard itself sees plain HTTP. Pure.
 */
export function judgeWriteOrigin(source: WriteSource): WriteOriginVerdict {
  if (SAFE_METHODS.has(source.method.toUpperCase())) return { verdict: 'allowed' };
  if (source.fetchSite !== undefined && !OWN_SITE_FETCHES.has(source.fetchSite.toLowerCase())) {
    return { verdict: 'refused', reason: 'sec-fetch-site' };
  }
  const reason = source.origin !== undefined ? 'origin' : 'referer';
  const claimed = source.origin ?? source.referer;
  if (claimed === undefined) return { verdict: 'allowed' };
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    // `Origin: null` (a sandboxed frame, a data: page) and anything unreadable.
    return { verdict: 'refused', reason };
  }
  const ownHosts = [source.host, source.forwardedHost?.split(',')[0]?.trim()]
    .filter((host): host is string => host !== undefined && host !== '')
    .map((host) => normalHost(host, url.protocol));
  return url.host !== '' && ownHosts.includes(url.host)
    ? { verdict: 'allowed' }
    : { verdict: 'refused', reason };
}
