import type { z } from 'zod';
import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses environment variables with a zod object schema. Empty strings count as unset, because
 * `docker compose` passes `VAR=` from an `.env` file as an empty value. Throws {@link ConfigError}
 * naming every bad key; values are never echoed, since some are secrets.
 */
export function parseEnv<T extends z.ZodObject>(schema: T, env: Env): z.infer<T> {
  const present: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    return present[key] === undefined && issue.code === 'invalid_type'
      ? `${key}: required`
      : `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
