import { describe, expect, it } from 'vitest';
import { redactRedisUrl } from './redact-redis-url.js';

describe('redactRedisUrl', () => {
  it('hides the password and keeps where the Redis is', () => {
    expect(redactRedisUrl('rediss://app:s3cret%40x@redis.example.com:6380/2')).toBe(
      'rediss://app:***@redis.example.com:6380/2',
    );
    expect(redactRedisUrl('redis://:s3cret@10.0.0.5')).toBe('redis://:***@10.0.0.5');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactRedisUrl('redis://127.0.0.1:40123')).toBe('redis://127.0.0.1:40123');
  });
});
