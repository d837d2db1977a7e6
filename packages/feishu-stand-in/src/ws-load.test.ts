import { type WsFrame, decodeWsFrame } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStandIns, postJson, startStandIn } from '../test/stand-in-client.js';
import { type TestWsClient, closeWsClients, connectWs } from '../test/ws-test-client.js';
import type { WsLoadResult } from './long-connection/run-ws-load.js';

afterEach(async () => {
  closeWsClients();
  await closeStandIns();
});

/** Acknowledges every event frame as it comes, with the code `codeFor` picks. */
function ackEvery(client: TestWsClient, codeFor: (frame: WsFrame) => number = () => 200): string[] {
  const seen: string[] = [];
  client.socket.on('message', (data: Buffer) => {
    const frame = decodeWsFrame(data);
    if (frame.headers.get('type') !== 'event') return;
    const envelope = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as { uuid: string };
    seen.push(envelope.uuid);
    client.ack(frame, codeFor(frame));
  });
  return seen;
}

describe('the load control', () => {
  it('pushes each copy once with its own event id, and times every acknowledgement', async () => {
    const standIn = await startStandIn();
    const client = await connectWs(standIn.url);
    const seen = ackEvery(client);
    const template = p2pChatCreate(makeUser(), { uuid: 'ev-load' });

    const result = await standIn.wsLoad(template, { count: 300, window: 16 });

    expect(result.pushed).toBe(300);
    expect(result.outcomes).toEqual({ acked: 300, refused: 0, 'no-ack': 0, 'no-connection': 0 });
    expect(result.ackLatenciesMs).toHaveLength(300);
    expect(result.ackLatenciesMs.every((ms) => ms > 0 && ms < 3_000)).toBe(true);
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 300 }, (_, n) => `ev-load-${n}`)));
    expect(seen).toHaveLength(300);
    const deliveries = standIn.wsDeliveries();
    expect(deliveries).toHaveLength(300);
    expect(deliveries.every((d) => d.acked && d.attempts.length === 1)).toBe(true);
  });

  it('counts refusals and pushes with nobody connected apart from acknowledgements', async () => {
    const standIn = await startStandIn();
    const alone = await standIn.wsLoad(p2pChatCreate(makeUser()), { count: 5, ratePerSecond: 1_000 });
    expect(alone.outcomes).toEqual({ acked: 0, refused: 0, 'no-ack': 0, 'no-connection': 5 });
    expect(alone.ackLatenciesMs).toEqual([]);

    const client = await connectWs(standIn.url);
    let n = 0;
    ackEvery(client, () => (n++ % 2 === 0 ? 200 : 500));
    const mixed = await standIn.wsLoad(p2pChatCreate(makeUser()), { count: 10, window: 1 });
    expect(mixed.outcomes).toEqual({ acked: 5, refused: 5, 'no-ack': 0, 'no-connection': 0 });
    expect(mixed.ackLatenciesMs).toHaveLength(5);
  });

  it('counts the pushes a reset forgets as not acknowledged, and goes on with the rest', async () => {
    const standIn = await startStandIn({ longConnection: { ackTimeoutMs: 200 } });
    await connectWs(standIn.url);
    const load = standIn.wsLoad(p2pChatCreate(makeUser()), { count: 4, window: 2 });
    standIn.reset();
    const result = await load;
    expect(result).toMatchObject({ pushed: 4, outcomes: { acked: 0, 'no-ack': 4 } });
    expect(standIn.wsDeliveries().map((d) => d.attempts[0]?.outcome)).toEqual(['no-ack', 'no-ack']);
  });
});

describe('POST /__stand-in/ws/load', () => {
  it('answers with the result once the load is over', async () => {
    const standIn = await startStandIn();
    ackEvery(await connectWs(standIn.url));
    const answer = await postJson(`${standIn.url}/__stand-in/ws/load`, {
      event: p2pChatCreate(makeUser()),
      count: 50,
      window: 8,
      ratePerSecond: 5_000,
    });
    expect(answer.status).toBe(200);
    const load = answer.body['load'] as WsLoadResult;
    expect(load).toMatchObject({ pushed: 50, outcomes: { acked: 50 } });
    expect(load.ackLatenciesMs).toHaveLength(50);
  });

  it('refuses a request without a window or a rate, or with a bad count, naming each field', async () => {
    const standIn = await startStandIn();
    const event = p2pChatCreate(makeUser());
    const neither = await postJson(`${standIn.url}/__stand-in/ws/load`, { event, count: 10 });
    expect(neither).toMatchObject({
      status: 400,
      body: { error: 'invalid load', problems: ['window: give window, ratePerSecond or both'] },
    });
    const bad = await postJson(`${standIn.url}/__stand-in/ws/load`, { event, count: 0, window: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body['problems']).toEqual([expect.stringMatching(/^count: /)]);
    expect(standIn.wsDeliveries()).toEqual([]);
  });
});
