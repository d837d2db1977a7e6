import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';

/** Resident set size of `pid` in bytes, from /proc/<pid>/status; undefined once the process is gone. */
export async function readRssBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** `used_memory` from `INFO memory`, in bytes. */
export async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)\r?$/m.exec(info);
  if (match?.[1] === undefined) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

/** A field of `INFO server`, e.g. `redis_version` or `process_id`. */
export async function redisServerInfo(redis: Redis, field: string): Promise<string> {
  const info = await redis.info('server');
  const match = new RegExp(`^${field}:(.*?)\\r?$`, 'm').exec(info);
  if (match?.[1] === undefined) throw new Error(`INFO server has no ${field}`);
  return match[1];
}
