import { botP2pChatEntered, makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/dev-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStandIns, postJson, request, startStandIn } from '../test/stand-in-client.js';
import { closeWsClients, connectWs, joinFragments, waitForPush } from '../test/ws-test-client.js';
import type { RunningFeishuStandIn } from './start-feishu-stand-in.js';

afterEach(async () => {
  closeWsClients();
  await closeStandIns();
});

/** Small timings so that re-pushes happen within a test; the schedule's shape is Feishu's. */
const FAST = { ackTimeoutMs: 150, repushDelaysMs: [50, 50] };

function deliveryOf(standIn: RunningFeishuStandIn, messageId: string) {
  const delivery = standIn.wsDeliveries().find((d) => d.messageId === messageId);
  if (delivery === undefined) throw new Error(`no delivery ${messageId}`);
  return delivery;
}

function settled(standIn: RunningFeishuStandIn, messageId: string) {
  return waitFor('the delivery to settle', () => {
    const delivery = deliveryOf(standIn, messageId);
    return delivery.acked || delivery.givenUp ? delivery : undefined;
  });
}

describe('pings', () => {
  it('answers a ping with a pong carrying the client configuration', async () => {
    const standIn = await startStandIn({
      longConnection: { pingIntervalSeconds: 5, reconnectNonceSeconds: 1 },
    });
    const client = await connectWs(standIn.url);
    client.ping();

    const [pong] = await waitFor('a pong', () => (client.pongs().length > 0 ? client.pongs() : undefined));
    expect(pong?.method).toBe(0);
    expect(pong?.service).toBe(client.serviceId);
    expect(JSON.parse(Buffer.from(pong?.payload ?? []).toString('utf8'))).toEqual({
      PingInterval: 5,
      ReconnectCount: -1,
      ReconnectInterval: 120,
      ReconnectNonce: 1,
    });
    expect(standIn.wsConnections()).toMatchObject([{ state: 'open', pingsReceived: 1, pongsSent: 1 }]);
  });
});

describe('pushes', () => {
  it('pushes a v2 event as one data frame with a blank token, and records the ack', async () => {
    const standIn = await startStandIn();
    const client = await connectWs(standIn.url);
    const envelope = botP2pChatEntered(makeUser());
    const delivery = standIn.wsPush(envelope);
    expect(delivery).toMatchObject({ acked: false, givenUp: false, attempts: [{ outcome: 'pending' }] });

    const [frame] = await waitForPush(client);
    expect(frame?.method).toBe(1);
    expect(frame?.service).toBe(client.serviceId);
    expect(Object.fromEntries(frame?.headers ?? [])).toMatchObject({
      type: 'event',
      message_id: delivery.messageId,
      sum: '1',
      seq: '0',
    });
    expect(frame?.headers.get('trace_id')).toMatch(/^[0-9a-f]+$/);
    const header = envelope['header'] as Record<string, unknown>;
    expect(joinFragments([frame!])).toEqual({ ...envelope, header: { ...header, token: '' } });

    client.ack(frame!, 200);
    const done = await settled(standIn, delivery.messageId);
    expect(done).toMatchObject({
      eventId: header['event_id'],
      eventType: 'im.chat.access_event.bot_p2p_chat_entered_v1',
      acked: true,
      givenUp: false,
      attempts: [{ connectionId: standIn.wsConnections()[0]?.id, outcome: 'acked', code: 200, bizRt: 7 }],
    });
  });

  it('blanks a v1 envelope token and knows the event by its uuid', async () => {
    const standIn = await startStandIn();
    const client = await connectWs(standIn.url);
    const envelope = p2pChatCreate(makeUser());
    const delivery = standIn.wsPush(envelope);
    const [frame] = await waitForPush(client);
    expect(joinFragments([frame!])).toEqual({ ...envelope, token: '' });
    expect(delivery).toMatchObject({ eventId: envelope['uuid'], eventType: 'p2p_chat_create' });
  });

  it.each(['reverse', 'shuffle'] as const)(
    'sends fragments in %s order, numbered so that they join',
    async (order) => {
      const standIn = await startStandIn();
      const client = await connectWs(standIn.url);
      const envelope = botP2pChatEntered(makeUser());
      const delivery = standIn.wsPush(envelope, { fragments: 4, order });

      const frames = await waitForPush(client, 4);
      expect(frames.every((f) => f.headers.get('message_id') === delivery.messageId)).toBe(true);
      expect(frames.every((f) => f.headers.get('sum') === '4')).toBe(true);
      const seqs = frames.map((f) => Number(f.headers.get('seq')));
      expect([...seqs].sort()).toEqual([0, 1, 2, 3]);
      if (order === 'reverse') expect(seqs).toEqual([3, 2, 1, 0]);
      expect(frames.every((f) => (f.payload?.length ?? 0) > 0)).toBe(true);
      const header = envelope['header'] as Record<string, unknown>;
      expect(joinFragments(frames)).toEqual({ ...envelope, header: { ...header, token: '' } });
    },
  );

  it('pushes again on schedule when no ack comes in time, and gives up after the last delay', async () => {
    const standIn = await startStandIn({ longConnection: FAST });
    const client = await connectWs(standIn.url);
    const delivery = standIn.wsPush(botP2pChatEntered(makeUser()));

    const done = await settled(standIn, delivery.messageId);
    expect(done).toMatchObject({ acked: false, givenUp: true });
    expect(done.attempts.map((a) => a.outcome)).toEqual(['no-ack', 'no-ack', 'no-ack']);
    expect(client.events().map((f) => f.headers.get('message_id'))).toEqual(
      Array(3).fill(delivery.messageId),
    );
  });

  it('pushes again to another connection when the first one stays silent', async () => {
    // Time enough to open the second connection before the first attempt times out.
    const standIn = await startStandIn({ longConnection: { ackTimeoutMs: 1_000, repushDelaysMs: [50] } });
    const silent = await connectWs(standIn.url);
    const delivery = standIn.wsPush(botP2pChatEntered(makeUser()));
    await waitForPush(silent);
    // Only the new connection is open from here on.
    standIn.wsHalfOpen();
    const listening = await connectWs(standIn.url);

    const [frame] = await waitForPush(listening);
    listening.ack(frame!, 200);
    const done = await settled(standIn, delivery.messageId);
    const [silentId, listeningId] = standIn.wsConnections().map((c) => c.id);
    expect(done.attempts).toMatchObject([
      { connectionId: silentId, outcome: 'no-ack' },
      { connectionId: listeningId, outcome: 'acked' },
    ]);
  });

  it('pushes again after an ack with code 500', async () => {
    const standIn = await startStandIn({ longConnection: { ackTimeoutMs: 2_000, repushDelaysMs: [50] } });
    const client = await connectWs(standIn.url);
    const delivery = standIn.wsPush(botP2pChatEntered(makeUser()));
    const [first] = await waitForPush(client);
    client.ack(first!, 500);
    const [, second] = await waitForPush(client, 2);
    client.ack(second!, 200);

    const done = await settled(standIn, delivery.messageId);
    expect(done.attempts).toMatchObject([
      { outcome: 'refused', code: 500 },
      { outcome: 'acked', code: 200 },
    ]);
  });

  it('records a push with nobody connected as no-connection and pushes again once someone is', async () => {
    const standIn = await startStandIn({
      longConnection: { ackTimeoutMs: 1_000, repushDelaysMs: [200, 200, 200, 200, 200] },
    });
    const delivery = standIn.wsPush(botP2pChatEntered(makeUser()));
    expect(delivery.attempts).toMatchObject([{ connectionId: null, outcome: 'no-connection' }]);

    const client = await connectWs(standIn.url);
    const [frame] = await waitForPush(client);
    client.ack(frame!, 200);
    const outcomes = (await settled(standIn, delivery.messageId)).attempts.map((a) => a.outcome);
    // A slow machine may miss the first re-push too; the last attempt is the one that reached the client.
    expect(outcomes.at(-1)).toBe('acked');
    expect(new Set(outcomes.slice(0, -1))).toEqual(new Set(['no-connection']));
  });
});

describe('breaking connections', () => {
  it('drops every connection without a close frame', async () => {
    const standIn = await startStandIn();
    const clients = [await connectWs(standIn.url), await connectWs(standIn.url)];
    expect(standIn.wsDrop()).toBe(2);
    // 1006: closed without a close frame.
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual([1006, 1006]);
    expect(standIn.wsConnections().map((c) => c.state)).toEqual(['closed', 'closed']);
    expect(standIn.wsDrop()).toBe(0);
  });

  it('goes silent on a half-open connection: no pong, no pushes, its ack ignored', async () => {
    // The ack must arrive before the timeout for its being ignored to show.
    const standIn = await startStandIn({ longConnection: { ackTimeoutMs: 1_000, repushDelaysMs: [] } });
    const old = await connectWs(standIn.url);
    const unacked = standIn.wsPush(botP2pChatEntered(makeUser()));
    const [pending] = await waitForPush(old);
    expect(standIn.wsHalfOpen()).toBe(1);

    old.ack(pending!, 200);
    old.ping();
    await expect.poll(() => standIn.wsConnections()[0]?.pingsReceived).toBe(1);
    const fresh = await connectWs(standIn.url);
    fresh.ping();
    await waitFor('a pong on the fresh connection', () => fresh.pongs().length > 0);
    const pushed = standIn.wsPush(botP2pChatEntered(makeUser()));
    await waitForPush(fresh);

    expect(old.pongs()).toEqual([]);
    expect(old.events()).toHaveLength(1);
    expect(old.socket.readyState).toBe(old.socket.OPEN);
    expect((await settled(standIn, unacked.messageId)).attempts).toMatchObject([{ outcome: 'no-ack' }]);
    expect(deliveryOf(standIn, pushed.messageId).attempts[0]?.connectionId).toBe(
      standIn.wsConnections()[1]?.id,
    );
    expect(standIn.wsConnections().map((c) => c.state)).toEqual(['half-open', 'open']);
  });

  it('closes every long connection when the stand-in closes', async () => {
    const standIn = await startStandIn();
    const client = await connectWs(standIn.url);
    await standIn.close();
    expect(await client.closed).toBe(1006);
  });

  it('closes a connection that sends text (1003) or bytes that are no frame (1002)', async () => {
    const standIn = await startStandIn();
    const texting = await connectWs(standIn.url);
    texting.socket.send('{"type":"ping"}');
    expect(await texting.closed).toBe(1003);
    const garbling = await connectWs(standIn.url);
    garbling.socket.send(Buffer.from([0xff, 0xff, 0xff]));
    expect(await garbling.closed).toBe(1002);
  });
});

describe('reset', () => {
  it('forgets deliveries and stops re-pushing them, and keeps connections', async () => {
    const standIn = await startStandIn({ longConnection: { ackTimeoutMs: 100, repushDelaysMs: [50, 50] } });
    const client = await connectWs(standIn.url);
    standIn.wsPush(botP2pChatEntered(makeUser()));
    standIn.reset();
    await waitForPush(client);

    expect(standIn.wsDeliveries()).toEqual([]);
    expect(standIn.wsConnections()).toMatchObject([{ state: 'open' }]);
    // Past the ack timeout and the first re-push delay: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(client.events()).toHaveLength(1);
  });
});

describe('the /__stand-in/ws control routes', () => {
  it('pushes, lists connections and deliveries, drops and silences over HTTP', async () => {
    const standIn = await startStandIn();
    const client = await connectWs(standIn.url);
    const envelope = botP2pChatEntered(makeUser(), { eventId: 'ev-over-http' });

    const pushed = await postJson(`${standIn.url}/__stand-in/ws/push`, {
      event: envelope,
      fragments: 2,
      order: 'reverse',
    });
    expect(pushed.status).toBe(202);
    expect(pushed.body).toMatchObject({
      delivery: { eventId: 'ev-over-http', attempts: [{ outcome: 'pending' }] },
    });
    const frames = await waitForPush(client, 2);
    expect(frames.map((f) => f.headers.get('seq'))).toEqual(['1', '0']);
    standIn.wsPush(botP2pChatEntered(makeUser()));

    const connections = await request(`${standIn.url}/__stand-in/ws/connections`);
    expect(connections.body).toEqual({ connections: standIn.wsConnections() });
    const one = await request(`${standIn.url}/__stand-in/ws/deliveries?event_id=ev-over-http`);
    expect(one.body).toEqual({ deliveries: [expect.objectContaining({ eventId: 'ev-over-http' })] });
    expect((await request(`${standIn.url}/__stand-in/ws/deliveries`)).body).toMatchObject({
      deliveries: [{}, {}],
    });

    expect((await postJson(`${standIn.url}/__stand-in/ws/half-open`, {})).body).toEqual({ silenced: 1 });
    expect((await postJson(`${standIn.url}/__stand-in/ws/drop`, {})).body).toEqual({ dropped: 1 });
    expect(await client.closed).toBe(1006);
  });

  it('refuses a push that is not an envelope and a fragment count out of range, naming each', async () => {
    const standIn = await startStandIn();
    const answer = await postJson(`${standIn.url}/__stand-in/ws/push`, {
      event: 'not an object',
      fragments: 0,
      order: 'sideways',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid push' });
    const problems = (answer.body['problems'] as string[]).join('\n');
    for (const field of ['event', 'fragments', 'order']) expect(problems).toContain(field);
    expect(standIn.wsDeliveries()).toEqual([]);
  });
});
