import { afterEach, describe, expect, it } from 'vitest';
import {
  OPEN_ID,
  closeStandIns,
  fakeClock,
  fetchToken,
  messageIdOf,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';

afterEach(closeStandIns);

const HOUR_MS = 60 * 60 * 1000;

describe('uuid idempotency', () => {
  it('answers a repeated uuid with the first message_id and delivers once', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const first = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome!', 'p2p-ev-42'));
    const again = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome, again!', 'p2p-ev-42'));

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(standIn.messages()).toHaveLength(1);
    expect(standIn.stats()).toMatchObject({ requests: 2, accepted: 2, delivered: 1, deduplicated: 1 });
    expect(standIn.requests().map((r) => [r.outcome, r.message_id])).toEqual([
      ['issued', null],
      ['delivered', messageIdOf(first)],
      ['deduplicated', messageIdOf(first)],
    ]);
  });

  it('delivers again once the first send under the uuid is an hour old', async () => {
    const clock = fakeClock();
    const standIn = await startStandIn({ now: clock.now, tokenTtlSeconds: 3 * 60 * 60 });
    const token = await fetchToken(standIn.url);
    const first = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome!', 'p2p-ev-42'));

    clock.advance(HOUR_MS - 1);
    expect(messageIdOf(await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'x', 'p2p-ev-42')))).toBe(
      messageIdOf(first),
    );
    clock.advance(1);
    const later = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'x', 'p2p-ev-42'));
    expect(messageIdOf(later)).not.toBe(messageIdOf(first));
    expect(standIn.stats()).toMatchObject({ delivered: 2, deduplicated: 1 });
  });

  it('delivers every send that has no uuid or a different one', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'a'));
    await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'a'));
    await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'a', 'ev-1'));
    await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'a', 'ev-2'));

    expect(standIn.messages().map((m) => m.uuid)).toEqual([null, null, 'ev-1', 'ev-2']);
    expect(standIn.stats()).toMatchObject({ delivered: 4, deduplicated: 0 });
  });

  it('does not let a refused send claim its uuid', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    standIn.addFault({ kind: 'http-error', status: 502, times: 1 });
    const failed = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome!', 'p2p-ev-7'));
    const retried = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome!', 'p2p-ev-7'));

    expect(failed.status).toBe(502);
    expect(retried.body).toMatchObject({ code: 0 });
    expect(standIn.stats()).toMatchObject({ delivered: 1, deduplicated: 0, faulted: 1 });
  });
});
