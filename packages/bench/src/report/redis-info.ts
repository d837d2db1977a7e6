import type { Redis } from 'ioredis';

/**
 * The `field:value` lines of an `INFO` reply; section headers (`# CPU`) and blank lines have no colon
 * and are left out. Format: https://redis.io/docs/latest/commands/info/
 */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A numeric field of a parsed `INFO` reply; throws when it is missing, so no figure is made of nothing. */
export function infoNumber(fields: ReadonlyMap<string, string>, field: string): number {
  const value = Number(fields.get(field) ?? Number.NaN);
  if (!Number.isFinite(value)) throw new Error(`INFO has no numeric ${field}`);
  return value;
}

/**
 * CPU seconds the whole redis-server process has used, user + system, every thread included (the
 * background fsync of an AOF too): `used_cpu_user` and `used_cpu_sys` come from getrusage(RUSAGE_SELF).
 */
export function redisCpuSeconds(fields: ReadonlyMap<string, string>): number {
  return infoNumber(fields, 'used_cpu_user') + infoNumber(fields, 'used_cpu_sys');
}

/** `INFO <section>`, parsed. */
export async function readRedisInfo(redis: Redis, section: string): Promise<Map<string, string>> {
  return parseRedisInfo(await redis.info(section));
}
