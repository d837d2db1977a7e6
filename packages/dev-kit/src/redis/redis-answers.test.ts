import { freePort } from '../free-port.js';
import { describe, expect, inject, it } from 'vitest';
import { redisAnswers } from './redis-answers.js';

describe('redisAnswers', () => {
  it('is true for a Redis server', async () => {
    expect(await redisAnswers(inject('redisUrl'))).toBe(true);
  });

  it('is false where nothing listens', async () => {
    expect(await redisAnswers(`redis://127.0.0.1:${await freePort()}`, 500)).toBe(false);
  });
});
