import { z } from 'zod';
import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A process's environment schema: an object of variables, maybe transformed to the shape code reads. */
export type EnvSchema = z.ZodObject | z.ZodPipe<z.ZodObject, z.ZodType>;

/** The variables an environment schema reads. */
export function envKeys(schema: EnvSchema): string[] {
  return Object.keys((schema instanceof z.ZodPipe ? schema.in : schema).shape);
}

/**
 * Parses environment variables with a zod object schema (and its transform, if any). Empty strings
 * count as unset, because `docker compose` passes `VAR=` from an `.env` file as an empty value.
 * Throws {@link ConfigError} naming every bad key; values are never echoed, since some are secrets.
 */
export function parseEnv<T extends EnvSchema>(schema: T, env: Env): z.output<T> {
  const present: Record<string, string> = {};
  for (const key of envKeys(schema)) {
    const value = env[key];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data as z.output<T>;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    return present[key] === undefined && issue.code === 'invalid_type'
      ? `${key}: required`
      : `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** A process's `load…Config(env = process.env)`: {@link parseEnv} with its schema. */
export function envLoader<T extends EnvSchema>(schema: T): (env?: Env) => z.output<T> {
  return (env = process.env) => parseEnv(schema, env);
}
