import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { acquireRedis } from './acquire-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** One Redis for the whole run; each test file takes its URL with `inject('redisUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await acquireRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.dispose();
  };
}
