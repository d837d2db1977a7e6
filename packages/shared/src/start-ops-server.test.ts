import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { closeOpsServer, startOpsServer } from './start-ops-server.js';

describe('startOpsServer', () => {
  let server: Awaited<ReturnType<typeof startOpsServer>>;
  let base: string;
  beforeAll(async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: new Registry(),
      isReady: () => Promise.resolve(true),
      log: createLogger({ name: 'test', level: 'silent' }),
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeOpsServer(server);
  });

  it.each(['/healthz', '/readyz', '/metrics'])('answers GET %s', async (path) => {
    expect((await fetch(`${base}${path}`)).status).toBe(200);
  });

  it('has no webhook: a push sent to this port is not found, whatever its method', async () => {
    const pushed = await fetch(`${base}/webhook/event`, { method: 'POST', body: '{}' });
    expect(pushed.status).toBe(404);
    expect(await pushed.json()).toEqual({ error: 'not-found' });
  });

  it('answers another method on its own paths with 405 and Allow: GET', async () => {
    const res = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
