import { describe, expect, it } from 'vitest';
import { loadDevConfig } from './dev-config.js';

describe('loadDevConfig', () => {
  it('refuses ENQUEUE_MIN_REPLICAS without REDIS_URL: its private redis-server has no replica', () => {
    expect(() => loadDevConfig({ ENQUEUE_MIN_REPLICAS: '1' })).toThrow(
      /ENQUEUE_MIN_REPLICAS: needs REDIS_URL/,
    );
  });

  it('takes ENQUEUE_MIN_REPLICAS with a REDIS_URL, and 0 without, leaving it to the services', () => {
    expect(() =>
      loadDevConfig({ ENQUEUE_MIN_REPLICAS: '1', REDIS_URL: 'redis://127.0.0.1:7000' }),
    ).not.toThrow();
    expect(() => loadDevConfig({ ENQUEUE_MIN_REPLICAS: '0' })).not.toThrow();
  });

  it('refuses an ENQUEUE_MIN_REPLICAS that is not a count, as the services would', () => {
    expect(() => loadDevConfig({ ENQUEUE_MIN_REPLICAS: '-1', REDIS_URL: 'redis://127.0.0.1:7000' })).toThrow(
      /ENQUEUE_MIN_REPLICAS: must be a non-negative integer/,
    );
  });
});
