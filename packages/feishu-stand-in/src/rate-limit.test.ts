import { afterEach, describe, expect, it } from 'vitest';
import {
  type HttpAnswer,
  closeStandIns,
  fakeClock,
  fetchToken,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';

afterEach(closeStandIns);

const THROTTLED = { code: 99991400, msg: 'request trigger frequency limit' };

function burst(
  url: string,
  token: string,
  count: number,
  receiver = (i: number) => `ou_${i}`,
): Promise<HttpAnswer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => sendMessage(url, token, textMessage(receiver(i)))),
  );
}

describe('rate limits on im/v1/messages', () => {
  it('answers 99991400 with x-ogw-ratelimit-reset once 50 sends happened in the last second', async () => {
    const standIn = await startStandIn({ ratePerSecond: 50 });
    const token = await fetchToken(standIn.url);
    const answers = await burst(standIn.url, token, 60);

    const throttled = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(50);
    expect(throttled).toHaveLength(10);
    for (const answer of throttled) {
      expect(answer.body).toEqual(THROTTLED);
      expect(answer.headers.get('x-ogw-ratelimit-limit')).toBe('50');
      expect(answer.headers.get('x-ogw-ratelimit-reset')).toBe('1');
    }
    expect(standIn.messages()).toHaveLength(50);
    expect(standIn.stats()).toMatchObject({
      requests: 60,
      accepted: 50,
      delivered: 50,
      throttled: 10,
      max_accepted_in_any_second: 50,
      max_requests_in_any_second: 60,
    });
  });

  it('accepts sends again once the oldest of them is a second old on the stand-in clock', async () => {
    const clock = fakeClock();
    const standIn = await startStandIn({ now: clock.now, ratePerSecond: 10 });
    const token = await fetchToken(standIn.url);
    await burst(standIn.url, token, 10);

    clock.advance(999);
    expect((await sendMessage(standIn.url, token, textMessage('ou_late'))).status).toBe(429);
    clock.advance(1);
    expect((await sendMessage(standIn.url, token, textMessage('ou_late'))).status).toBe(200);
  });

  it('reports the per-minute limit and the seconds until its oldest send leaves', async () => {
    const clock = fakeClock();
    const standIn = await startStandIn({ now: clock.now, ratePerSecond: 0, ratePerMinute: 20 });
    const token = await fetchToken(standIn.url);
    for (let i = 0; i < 20; i += 1) {
      await sendMessage(standIn.url, token, textMessage(`ou_${i}`));
      clock.advance(1_000);
    }
    // The first send was at +0 s; now is +20 s, so a slot frees in 40 s.
    const refused = await sendMessage(standIn.url, token, textMessage('ou_next'));

    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ogw-ratelimit-limit')).toBe('20');
    expect(refused.headers.get('x-ogw-ratelimit-reset')).toBe('40');
    expect(standIn.stats()).toMatchObject({ max_accepted_in_any_minute: 20, max_accepted_in_any_second: 1 });
  });

  it('allows 5 sends a second to the same receiver', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const answers = await burst(standIn.url, token, 7, () => 'ou_popular');

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(answers.find((answer) => answer.status === 429)?.headers.get('x-ogw-ratelimit-limit')).toBe('5');
    expect(standIn.stats().max_accepted_to_one_receiver_in_any_second).toBe(5);
  });

  it('lets every send through when the limits are 0 or Infinity, and still measures the pace', async () => {
    const standIn = await startStandIn({
      ratePerSecond: Infinity,
      ratePerMinute: 0,
      perReceiverPerSecond: 0,
    });
    const token = await fetchToken(standIn.url);
    const answers = await burst(standIn.url, token, 80, () => 'ou_same');

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(standIn.stats()).toMatchObject({
      throttled: 0,
      max_accepted_in_any_second: 80,
      max_accepted_to_one_receiver_in_any_second: 80,
    });
  });
});
