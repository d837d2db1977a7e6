import { ConfigError } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { loadStandInConfig } from './stand-in-config.js';

describe('loadStandInConfig', () => {
  it("uses Feishu's limits, port 3100 on every interface and sandbox credentials by default", () => {
    expect(loadStandInConfig({})).toEqual({
      host: '0.0.0.0',
      port: 3100,
      appId: undefined,
      appSecret: undefined,
      ratePerSecond: 50,
      ratePerMinute: 1_000,
      perReceiverPerSecond: 5,
      tokenTtlSeconds: 7_200,
      longConnection: {
        pingIntervalSeconds: 120,
        reconnectIntervalSeconds: 120,
        reconnectNonceSeconds: 30,
        ackTimeoutMs: 3_000,
        repushDelaysMs: [15_000, 300_000, 3_600_000, 21_600_000],
      },
      logLevel: 'info',
      appType: 'self-built',
      storeApp: { ticketWebhookUrl: undefined, verificationToken: undefined, encryptKey: undefined },
    });
  });

  it('reads the store-app mode: where its ticket is pushed, and how the push is signed', () => {
    const config = loadStandInConfig({
      STAND_IN_APP_TYPE: 'store',
      STAND_IN_TICKET_WEBHOOK_URL: 'http://ingress:3000/webhook/event',
      FEISHU_VERIFICATION_TOKEN: 'v-token',
      FEISHU_ENCRYPT_KEY: 'e-key',
    });
    expect(config).toMatchObject({
      appType: 'store',
      storeApp: {
        ticketWebhookUrl: 'http://ingress:3000/webhook/event',
        verificationToken: 'v-token',
        encryptKey: 'e-key',
      },
    });
    expect(() => loadStandInConfig({ STAND_IN_APP_TYPE: 'marketplace' })).toThrow(/STAND_IN_APP_TYPE/);
  });

  it('reads every variable, empty ones counting as unset, and 0 as an unlimited rate', () => {
    const config = loadStandInConfig({
      STAND_IN_PORT: '4000',
      STAND_IN_HOST: '127.0.0.1',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
      FEISHU_APP_SECRET: 's3cr3t',
      STAND_IN_RATE_PER_SECOND: '0',
      STAND_IN_RATE_PER_MINUTE: '',
      STAND_IN_TOKEN_TTL_S: '60',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', appSecret: 's3cr3t', ratePerSecond: 0 });
    expect(config).toMatchObject({ ratePerMinute: 1_000, tokenTtlSeconds: 60, logLevel: 'warn' });
  });

  it('reads the long-connection settings, a nonce of 0 and a comma-separated re-push schedule', () => {
    const config = loadStandInConfig({
      STAND_IN_WS_PING_INTERVAL_S: '5',
      STAND_IN_WS_RECONNECT_INTERVAL_S: '2',
      STAND_IN_WS_RECONNECT_NONCE_S: '0',
      STAND_IN_WS_ACK_TIMEOUT_MS: '250',
      STAND_IN_WS_REPUSH_DELAYS_MS: '100,2000',
    });
    expect(config.longConnection).toEqual({
      pingIntervalSeconds: 5,
      reconnectIntervalSeconds: 2,
      reconnectNonceSeconds: 0,
      ackTimeoutMs: 250,
      repushDelaysMs: [100, 2_000],
    });
  });

  it('refuses long-connection values a loose parse would misread, naming each key', () => {
    const read = () =>
      loadStandInConfig({
        STAND_IN_WS_PING_INTERVAL_S: '0',
        STAND_IN_WS_RECONNECT_INTERVAL_S: '1e3',
        STAND_IN_WS_RECONNECT_NONCE_S: '-1',
        STAND_IN_WS_ACK_TIMEOUT_MS: '0x10',
        STAND_IN_WS_REPUSH_DELAYS_MS: '100, 200',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const message = (error as ConfigError).message;
      for (const key of [
        'STAND_IN_WS_PING_INTERVAL_S',
        'STAND_IN_WS_RECONNECT_INTERVAL_S',
        'STAND_IN_WS_RECONNECT_NONCE_S',
        'STAND_IN_WS_ACK_TIMEOUT_MS',
        'STAND_IN_WS_REPUSH_DELAYS_MS',
      ]) {
        expect(message).toContain(key);
      }
      expect(message).not.toContain('0x10');
    }
  });

  it('names every bad key and never echoes a value', () => {
    const read = () =>
      loadStandInConfig({
        STAND_IN_PORT: 'eighty',
        STAND_IN_RATE_PER_SECOND: '-1',
        STAND_IN_TOKEN_TTL_S: 'never-7',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const message = (error as ConfigError).message;
      for (const key of ['STAND_IN_PORT', 'STAND_IN_RATE_PER_SECOND', 'STAND_IN_TOKEN_TTL_S']) {
        expect(message).toContain(key);
      }
      expect(message).not.toContain('never-7');
    }
  });
});
