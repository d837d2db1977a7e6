import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { freePort } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import { pickPort } from './pick-port.js';

describe('pickPort', () => {
  it('keeps the preferred port when it is free', async () => {
    const port = await freePort();
    expect(await pickPort(port, new Set())).toBe(port);
  });

  it('picks another port when something listens on the preferred one', async () => {
    const server = createServer().listen(0);
    await once(server, 'listening');
    const busy = (server.address() as AddressInfo).port;
    try {
      const port = await pickPort(busy, new Set());
      expect(port).not.toBe(busy);
      expect(port).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('never hands out a port already given to another service', async () => {
    const port = await freePort();
    expect(await pickPort(port, new Set([port]))).not.toBe(port);
  });

  it('picks a free port when the preferred one is past 65535 (METRICS_PORT=65535 + 1)', async () => {
    const port = await pickPort(65_536, new Set());
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThanOrEqual(65_535);
  });
});
