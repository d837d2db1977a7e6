import {
  FEISHU_EVENTS_QUEUE,
  FrameMethod,
  createLogger,
  decodeWsFrame,
  encodeWsFrame,
  jobIdForEvent,
} from '@feishu-welcome/shared';
import {
  TEST_APP,
  botP2pChatEntered,
  freePort,
  makeUser,
  spawnService,
  uniqueQueueName,
  waitFor,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startIngress, type RunningWebsocketIngress } from '../../src/start-ingress.js';
import { startHostileFeishu, type HostileFeishu } from './start-hostile-feishu.js';
import { wsIngressConfig } from './start-ws-ingress.js';

const redisUrl = inject('redisUrl');
const MAIN = 'apps/ingress/dist/main.js';

function eventFrame(eventId: string): Uint8Array {
  const envelope = botP2pChatEntered(makeUser(), { eventId, token: '' });
  return encodeWsFrame({
    service: 7,
    method: FrameMethod.data,
    headers: [
      ['type', 'event'],
      ['message_id', eventId],
      ['sum', '1'],
      ['seq', '0'],
    ],
    payload: new TextEncoder().encode(JSON.stringify(envelope)),
  });
}

/** The built ingress in websocket mode, on the test app, asking `feishuUrl` for its connection. */
async function spawnWsIngress(feishuUrl: string): Promise<SpawnedService> {
  return spawnService(MAIN, {
    FEISHU_EVENT_MODE: 'websocket',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: uniqueQueueName(),
    METRICS_PORT: String(await freePort()),
    FEISHU_APP_ID: TEST_APP.appId,
    FEISHU_APP_SECRET: TEST_APP.appSecret,
    FEISHU_DOMAIN: feishuUrl,
  });
}

describe('the long connection against a server that misbehaves', () => {
  let feishu: HostileFeishu | undefined;
  let ingress: RunningWebsocketIngress | undefined;
  let service: SpawnedService | undefined;
  let queue: Queue | undefined;
  afterEach(async () => {
    await service?.kill('SIGKILL');
    await ingress?.close();
    await feishu?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    [feishu, ingress, service, queue] = [undefined, undefined, undefined, undefined];
  });

  it('reads the frames that arrive with the handshake itself: each is stored and acknowledged 200', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `ev-with-handshake-${i}-${Date.now()}`);
    feishu = await startHostileFeishu({
      onConnection: ({ ws, index }) => {
        if (index === 1) for (const id of ids) ws.send(eventFrame(id));
      },
    });
    const queuePrefix = uniqueQueueName();
    queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix: queuePrefix });
    ingress = await startIngress(wsIngressConfig({ redisUrl, queuePrefix, feishuBaseUrl: feishu.url }), {
      log: createLogger({ name: 'ingress-test', level: 'silent' }),
      longConnection: undefined,
    });

    const acks = await waitFor('every frame acknowledged', () =>
      ids.every((id) => feishu?.acks().has(id)) ? feishu?.acks() : undefined,
    );
    expect(ids.map((id) => acks.get(id))).toEqual(ids.map(() => 200));
    for (const id of ids) expect(await queue.getJob(jobIdForEvent(id))).toBeDefined();
  });

  it('warns once of a flood of frames it cannot read, and still stores the event after them', async () => {
    const id = `ev-after-garbage-${Date.now()}`;
    feishu = await startHostileFeishu({
      onConnection: ({ ws, index }) => {
        if (index !== 1) return;
        for (let i = 0; i < 200; i++) ws.send(Buffer.from([0xff, 0xff, 0xff, i]));
        ws.send(eventFrame(id));
      },
    });
    service = await spawnWsIngress(feishu.url);
    await waitFor('the event after the garbage acknowledged', () => feishu?.acks().get(id) === 200);
    const warnings = service
      .output()
      .split('\n')
      .filter((line) => line.includes('unreadable frame ignored'));
    expect(warnings).toHaveLength(1);
  });

  it('survives a broken WebSocket frame that arrives with the handshake: it reconnects, it does not crash', async () => {
    feishu = await startHostileFeishu({
      onConnection: ({ socket, index }) => {
        // A frame with opcode 3, which RFC 6455 reserves: the client must fail the connection.
        if (index === 1) socket.write(Buffer.from([0x83, 0x00]));
      },
    });
    service = await spawnWsIngress(feishu.url);
    const exited = service.exited().then((code) => `exited ${code}`);
    const reconnected = waitFor('a second connection', () => feishu && feishu.upgrades() >= 2).then(
      () => 'reconnected',
      () => 'never reconnected',
    );
    expect(await Promise.race([exited, reconnected])).toBe('reconnected');
    expect(service.child.exitCode).toBeNull();
    expect(await service.kill('SIGTERM')).toBe(0);
  });

  it('backs off from a server that closes every connection as soon as it opens, as from one that refuses it', async () => {
    feishu = await startHostileFeishu({
      clientConfig: { ReconnectInterval: 2, ReconnectNonce: 0 },
      onConnection: ({ ws }) => ws.close(1000),
    });
    const queuePrefix = uniqueQueueName();
    ingress = await startIngress(wsIngressConfig({ redisUrl, queuePrefix, feishuBaseUrl: feishu.url }), {
      log: createLogger({ name: 'ingress-test', level: 'silent' }),
      longConnection: undefined,
    });
    await waitFor('the first connection', () => feishu && feishu.upgrades() >= 1);
    await sleep(4_000);
    // Waits of 0, 1, 2 and 2 s after the first: at most 4 more in 4 s, however fast the machine; the
    // attempts were in the hundreds when each short-lived connection reset the backoff.
    expect(feishu.upgrades()).toBeLessThanOrEqual(6);
  });

  it('gives up, naming the cause, when Feishu refuses the upgrade for the connection limit', async () => {
    // Feishu's answer to a 51st connection: the reason is in the headers (its SDKs' ws clients read them).
    feishu = await startHostileFeishu({
      refuseUpgrade: () => ({
        'Handshake-Status': '514',
        'Handshake-Msg': 'exceed connection limit',
        'Handshake-Autherrcode': '1000040350',
      }),
    });
    ingress = await startIngress(
      wsIngressConfig({ redisUrl, queuePrefix: uniqueQueueName(), feishuBaseUrl: feishu.url }),
      { log: createLogger({ name: 'ingress-test', level: 'silent' }), longConnection: undefined },
    );
    const refused = await ingress.gaveUp;
    expect(refused.code).toBe(1000040350);
    expect(refused.message).toMatch(/most it allows/);
    expect(feishu.upgrades()).toBe(1);
  });

  it('asks again after an upgrade refused for a reason that is not final', async () => {
    // A bare 403 (a proxy's), then an authentication failure other than the connection limit.
    const refusals: Readonly<Record<string, string>>[] = [
      {},
      { 'Handshake-Status': '514', 'Handshake-Autherrcode': '1000040351' },
    ];
    feishu = await startHostileFeishu({ refuseUpgrade: (index) => refusals[index - 1] });
    ingress = await startIngress(
      wsIngressConfig({ redisUrl, queuePrefix: uniqueQueueName(), feishuBaseUrl: feishu.url }),
      { log: createLogger({ name: 'ingress-test', level: 'silent' }), longConnection: undefined },
    );
    await waitFor('the third upgrade, let in', () => ingress?.isConnected());
    expect(feishu.upgrades()).toBe(3);
  });

  it('exits 0 on SIGTERM while its start still waits for an endpoint that never answers', async () => {
    let asked = 0;
    const hanging = createServer(() => (asked += 1));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      service = await spawnWsIngress(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}`);
      await waitFor('the endpoint to be asked', () => asked > 0);
      expect(await service.kill('SIGTERM')).toBe(0);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('says so when a pong carries a client configuration it cannot read, and keeps the values it had', async () => {
    const garbage = { PingInterval: 0, ReconnectCount: 'x', ReconnectInterval: 120, ReconnectNonce: 30 };
    feishu = await startHostileFeishu({
      clientConfig: { PingInterval: 1 },
      onConnection: ({ ws }) =>
        ws.on('message', (data: Buffer) => {
          if (decodeWsFrame(data).headers.get('type') !== 'ping') return;
          const payload = new TextEncoder().encode(JSON.stringify(garbage));
          ws.send(
            encodeWsFrame({ service: 7, method: FrameMethod.control, headers: [['type', 'pong']], payload }),
          );
        }),
    });
    service = await spawnWsIngress(feishu.url);
    const running = service;
    const warning = await waitFor('the warning', () =>
      running
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; unreadable?: string[] })
        .find((line) => line.msg?.includes("pong's client configuration")),
    );
    expect(warning.unreadable).toEqual(['PingInterval', 'ReconnectCount']);
    // The pongs still answer its pings: the connection is kept.
    await sleep(2_500);
    expect(feishu.upgrades()).toBe(1);
    expect(await service.kill('SIGTERM')).toBe(0);
  });
});
