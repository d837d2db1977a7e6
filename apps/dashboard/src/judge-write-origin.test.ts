import { describe, expect, it } from 'vitest';
import { judgeWriteOrigin, type WriteSource } from './judge-write-origin.js';

const POST: WriteSource = {
  method: 'POST',
  host: 'dash.example.com:3001',
  forwardedHost: undefined,
  origin: undefined,
  referer: undefined,
  fetchSite: undefined,
};
const judge = (source: Partial<WriteSource>) => judgeWriteOrigin({ ...POST, ...source });

describe('judgeWriteOrigin', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('lets %s through from anywhere', (method) => {
    expect(judge({ method, origin: 'https://evil.example', fetchSite: 'cross-site' })).toEqual({
      verdict: 'allowed',
    });
  });

  it.each([
    ['its own origin', { origin: 'http://dash.example.com:3001' }],
    ['its own origin over https (a TLS proxy in front)', { origin: 'https://dash.example.com:3001' }],
    ['its host in another case', { origin: 'http://DASH.example.com:3001' }],
    ['a page of its own, as Referer', { referer: 'http://dash.example.com:3001/admin/queues/queue/x' }],
    ['same-origin fetch metadata', { origin: 'http://dash.example.com:3001', fetchSite: 'same-origin' }],
    ["the user's own action", { fetchSite: 'none' }],
    ['no browser at all (curl)', {}],
    [
      'the host a proxy forwarded',
      { host: 'dashboard:3001', forwardedHost: 'ops.example.com', origin: 'https://ops.example.com' },
    ],
    ['the default port left out', { host: 'dash.example.com:443', origin: 'https://dash.example.com' }],
  ])('allows a write from %s', (_what, source) => {
    expect(judge(source)).toEqual({ verdict: 'allowed' });
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }, 'origin'],
    ['another port of the same host', { origin: 'http://dash.example.com:3000' }, 'origin'],
    [
      'a host that only starts like its own',
      { origin: 'http://dash.example.com:3001.evil.example' },
      'origin',
    ],
    ['an opaque origin', { origin: 'null' }, 'origin'],
    ['another site, as Referer only', { referer: 'https://evil.example/form.html' }, 'referer'],
    ['a cross-site fetch with no Origin', { fetchSite: 'cross-site' }, 'sec-fetch-site'],
    [
      'a same-site page of another port',
      { fetchSite: 'same-site', origin: 'http://dash.example.com:3001' },
      'sec-fetch-site',
    ],
    [
      'another site, even with its own Referer',
      { origin: 'https://evil.example', referer: 'http://dash.example.com:3001/' },
      'origin',
    ],
    ['another site, when no Host was sent', { host: undefined, origin: 'https://evil.example' }, 'origin'],
  ] as const)('refuses a write from %s', (_what, source, reason) => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(judge({ ...source, method })).toEqual({ verdict: 'refused', reason });
    }
  });
});
