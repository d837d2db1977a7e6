import { describe, expect, it } from 'vitest';
import type { FeishuHttpReply } from './post-feishu.js';
import { replyFailure } from './reply-failure.js';

const reply = (overrides: Partial<FeishuHttpReply>): FeishuHttpReply => ({
  httpStatus: 200,
  body: { code: 0, msg: 'success' },
  logId: 'log-3',
  rateLimitResetS: undefined,
  ...overrides,
});

describe('replyFailure', () => {
  it('counts only a 2xx reply with code 0 as a success', () => {
    expect(replyFailure(reply({}))).toBeUndefined();
    expect(replyFailure(reply({ httpStatus: 204 }))).toBeUndefined();
  });

  it.each([
    [300, 'permanent'],
    [302, 'permanent'],
    [404, 'permanent'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('fails an HTTP %i reply whose body says code 0 (a proxy’s) as %s', (httpStatus, kind) => {
    expect(replyFailure(reply({ httpStatus }))).toMatchObject({ kind, httpStatus, code: 0, msg: 'success' });
  });

  it('says so when Feishu gave no msg', () => {
    expect(replyFailure(reply({ body: { code: 230099 } }))).toMatchObject({
      kind: 'permanent',
      code: 230099,
      msg: 'no msg',
      logId: 'log-3',
    });
  });

  it('leaves the wait to the job’s backoff for anything but throttling, whatever the headers say', () => {
    const failure = replyFailure(reply({ httpStatus: 503, body: undefined, rateLimitResetS: 5 }));
    expect(failure).toMatchObject({ kind: 'transient', msg: 'reply was not JSON', retryAfterMs: undefined });
  });
});
