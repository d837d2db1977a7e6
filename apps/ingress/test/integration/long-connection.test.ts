import { FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import { botP2pChatEntered, makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { QUICK_LONG_CONNECTION, metricValue, startWsRig, type WsIngressRig } from './start-ws-ingress.js';

const redisUrl = inject('redisUrl');
const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

describe('the ingress on the long connection', () => {
  let rig: WsIngressRig;
  afterEach(async () => {
    await rig.close();
  });

  it('joins fragments sent out of order into one event, stores it once, then acknowledges it 200', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress();
    expect(ingress.isConnected()).toBe(true);
    const v1 = p2pChatCreate(makeUser());
    const v2 = botP2pChatEntered(makeUser(), { eventId: `ev-${Date.now()}` });
    rig.standIn.wsPush(v1, { fragments: 5, order: 'shuffle' });
    rig.standIn.wsPush(v2, { fragments: 3, order: 'reverse' });

    await rig.acked(eventIdOf(v1));
    await rig.acked(String((v2['header'] as { event_id: string }).event_id));
    expect(await rig.hasJobFor(eventIdOf(v1))).toBe(true);
    expect(await rig.jobCount()).toBe(2);
    const [delivery] = rig.standIn.wsDeliveries({ eventId: eventIdOf(v1) });
    expect(delivery?.attempts.map((attempt) => [attempt.outcome, attempt.code])).toEqual([['acked', 200]]);
    const job = await rig.queue.getJob(jobIdForEvent(eventIdOf(v1)));
    // The stand-in blanks the token; what is stored carries none at all.
    expect(FeishuEventJob.parse(job?.data).envelope).not.toHaveProperty('token');
    expect(await metricValue(ingress, 'feishu_ingress_ws_events_total', { outcome: 'received' })).toBe(2);
    expect(await metricValue(ingress, 'feishu_ingress_ws_events_total', { outcome: 'acked' })).toBe(2);
    expect(
      await metricValue(ingress, 'feishu_ingress_requests_total', {
        outcome: 'accepted',
        event_type: 'p2p_chat_create',
      }),
    ).toBe(1);
  });

  it('stores an event pushed twice once, and acknowledges both copies 200', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress();
    const event = p2pChatCreate(makeUser());
    rig.standIn.wsPush(event);
    await rig.acked(eventIdOf(event));
    rig.standIn.wsPush(event, { fragments: 2 });
    await waitFor(
      'both copies acknowledged',
      () =>
        rig.standIn.wsDeliveries({ eventId: eventIdOf(event) }).every((delivery) => delivery.acked) &&
        rig.standIn.wsDeliveries({ eventId: eventIdOf(event) }).length === 2,
    );
    expect(await rig.jobCount()).toBe(1);
    expect(
      await metricValue(ingress, 'feishu_ingress_requests_total', {
        outcome: 'duplicate',
        event_type: 'p2p_chat_create',
      }),
    ).toBe(1);
  });

  it('acknowledges an event type it does not act on 200 without a job, and refuses what it cannot read', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress();
    const ticket = botP2pChatEntered(makeUser(), { eventType: 'im.message.receive_v1' });
    const otherApp = p2pChatCreate(makeUser(), { appId: 'cli_0000000000000000' });
    const shapeless = { hello: 'world' };
    rig.standIn.wsPush(ticket);
    rig.standIn.wsPush(otherApp);
    rig.standIn.wsPush(shapeless);
    await rig.acked(String((ticket['header'] as { event_id: string }).event_id));
    await waitFor('both refusals', () => {
      const refused = rig.standIn
        .wsDeliveries()
        .filter((delivery) => delivery.attempts[0]?.outcome === 'refused');
      return refused.length === 2 ? refused : undefined;
    });
    const codes = rig.standIn.wsDeliveries().map((delivery) => delivery.attempts[0]?.code);
    expect(codes.sort()).toEqual([200, 400, 400]);
    expect(await rig.jobCount()).toBe(0);
    expect(await metricValue(ingress, 'feishu_ingress_ws_events_total', { outcome: 'refused' })).toBe(2);
    expect(
      await metricValue(ingress, 'feishu_ingress_requests_total', {
        outcome: 'rejected',
        reason: 'wrong-app',
      }),
    ).toBe(1);
    expect(
      await metricValue(ingress, 'feishu_ingress_requests_total', {
        outcome: 'rejected',
        reason: 'unknown-envelope',
      }),
    ).toBe(1);
    expect(
      await metricValue(ingress, 'feishu_ingress_requests_total', {
        outcome: 'ignored',
        event_type: 'im.message.receive_v1',
      }),
    ).toBe(1);
  });

  it('reconnects after the stand-in drops the connection, and receives what was pushed meanwhile', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress();
    expect(rig.standIn.wsDrop()).toBe(1);
    const events = [p2pChatCreate(makeUser()), p2pChatCreate(makeUser())];
    for (const event of events) rig.standIn.wsPush(event);
    for (const event of events) await rig.acked(eventIdOf(event));
    expect(await rig.jobCount()).toBe(2);
    expect(ingress.isConnected()).toBe(true);
    expect(rig.standIn.wsConnections().map((connection) => connection.state)).toEqual(['closed', 'open']);
    expect(await metricValue(ingress, 'feishu_ingress_ws_reconnects_total')).toBe(1);
    expect(await metricValue(ingress, 'feishu_ingress_ws_connected')).toBe(1);
  });

  it('notices a half-open connection from its unanswered ping and replaces it', async () => {
    rig = await startWsRig({
      redisUrl,
      longConnection: {
        ...QUICK_LONG_CONNECTION,
        pingIntervalSeconds: 1,
      },
      ingress: { timing: { pongTimeoutMs: 1_500 } },
    });
    const ingress = await rig.startIngress();
    expect(rig.standIn.wsHalfOpen()).toBe(1);
    const event = p2pChatCreate(makeUser());
    rig.standIn.wsPush(event);
    await waitFor('a second connection', () =>
      rig.standIn.wsConnections().some((connection) => connection.state === 'open'),
    );
    await rig.acked(eventIdOf(event));
    expect(rig.standIn.wsConnections().map((connection) => connection.state)).toEqual(['closed', 'open']);
    expect(ingress.isConnected()).toBe(true);
    // The live one answers pings: the ingress keeps it.
    await waitFor(
      'two pongs on the new connection',
      () => (rig.standIn.wsConnections()[1]?.pongsSent ?? 0) >= 2,
      {
        timeoutMs: 5_000,
      },
    );
    expect(rig.standIn.wsConnections()).toHaveLength(2);
  });

  it("replaces a half-open connection within Feishu's ping interval + 15 s, even one silenced right after a pong", async () => {
    // Feishu's own timings but a 1 s ping interval: its ReconnectNonce of 30 s, the default pong timeout.
    rig = await startWsRig({
      redisUrl,
      longConnection: { ...QUICK_LONG_CONNECTION, pingIntervalSeconds: 1, reconnectNonceSeconds: 30 },
    });
    await rig.startIngress();
    const pongs = () => rig.standIn.wsConnections()[0]?.pongsSent ?? 0;
    const before = pongs();
    await waitFor('a pong', () => pongs() > before, { intervalMs: 1 });
    const silencedAt = Date.now();
    expect(rig.standIn.wsHalfOpen()).toBe(1);
    const replacement = await waitFor(
      'a new connection',
      () => rig.standIn.wsConnections().find((connection) => connection.state === 'open'),
      { timeoutMs: 25_000 },
    );
    expect(replacement.connectedAt - silencedAt).toBeLessThanOrEqual((1 + 15) * 1_000);
  }, 30_000);

  it('shares the events between two ingresses on one queue, each stored once', async () => {
    rig = await startWsRig({ redisUrl });
    await rig.startIngress();
    await rig.startIngress();
    const events = Array.from({ length: 20 }, () => p2pChatCreate(makeUser()));
    for (const event of events) rig.standIn.wsPush(event, { fragments: 2, order: 'reverse' });
    for (const event of events) await rig.acked(eventIdOf(event));
    expect(await rig.jobCount()).toBe(20);
    const deliveries = rig.standIn.wsDeliveries();
    expect(deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
    const byConnection = new Set(deliveries.map((delivery) => delivery.attempts[0]?.connectionId));
    expect(byConnection.size).toBe(2);
  });

  it('says it is not ready while it cannot reconnect, and ready again once it has', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress();
    const readyz = async () => {
      const response = await fetch(`http://127.0.0.1:${ingress.metricsPort}/readyz`);
      const body: unknown = await response.json();
      return { status: response.status, body };
    };
    expect((await readyz()).status).toBe(200);
    // Feishu busy (code 1, retried) for the next few attempts.
    rig.standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code: 1, times: 3 });
    rig.standIn.wsDrop();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'not-ready', reason: 'disconnected' } });
    expect(await metricValue(ingress, 'feishu_ingress_ws_connected')).toBe(0);
    await waitFor('ready again', async () => (await readyz()).status === 200);
    expect(rig.standIn.wsConnections().map((connection) => connection.state)).toEqual(['closed', 'open']);
  });

  it('gives up at once, without connecting, when Feishu refuses the credentials', async () => {
    rig = await startWsRig({ redisUrl });
    const ingress = await rig.startIngress({ appSecret: 'not-the-secret' });
    const error = await ingress.gaveUp;
    expect(error).toMatchObject({ name: 'LongConnectionRefusedError', code: 514 });
    expect(error.message).toBe(
      "Feishu refused the app's credentials (code 514): check FEISHU_APP_ID and FEISHU_APP_SECRET",
    );
    expect(ingress.isConnected()).toBe(false);
    expect(rig.standIn.wsConnections()).toEqual([]);
  });

  it("gives up once the server's ReconnectCount attempts have failed", async () => {
    rig = await startWsRig({
      redisUrl,
      longConnection: { ...QUICK_LONG_CONNECTION, reconnectCount: 2, reconnectIntervalSeconds: 0 },
    });
    const ingress = await rig.startIngress();
    rig.standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code: 1 });
    rig.standIn.wsDrop();
    const error = await ingress.gaveUp;
    expect(error).toMatchObject({ code: 'reconnects-exhausted' });
    expect(error.message).toMatch(/^gave up reconnecting to Feishu's long connection after 2 attempts/);
    expect(ingress.isConnected()).toBe(false);
  });
});
