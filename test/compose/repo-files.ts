import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root, where Dockerfile, docker-compose.yml and .env.example live. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export const readRepoFile = (path: string): string => readFileSync(`${REPO}${path}`, 'utf8');

export interface ComposeService {
  readonly image?: string;
  readonly command?: string[];
  readonly entrypoint?: string[];
  readonly container_name?: string;
  readonly ports?: string[];
  readonly environment?: Record<string, string | number | null>;
  readonly depends_on?: Record<string, { condition?: string }>;
  readonly healthcheck?: { test?: string[] | string };
  readonly profiles?: string[];
  readonly restart?: string;
  readonly stop_grace_period?: string;
  readonly volumes?: string[];
}

export interface ComposeFile {
  readonly version?: unknown;
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
}

/** Compose's `!reset` (Compose 2.24+): in a later file, removes what the earlier ones set there. */
const RESET = Symbol('!reset');
const COMPOSE_TAGS = (['seq', 'map', undefined] as const).map((collection) => ({
  tag: '!reset',
  ...(collection && { collection }),
  resolve: () => RESET,
}));

const readComposeFile = (path: string): unknown =>
  parse(readRepoFile(path), { merge: true, customTags: COMPOSE_TAGS });

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The sequences Compose merges from several files (unique entries); any other is replaced. */
const MERGED_SEQUENCES = new Set(['ports', 'expose', 'volumes', 'profiles', 'dns', 'extra_hosts']);

/** Compose's merge of a later file onto an earlier one: https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/ */
function mergeCompose(base: unknown, overlay: unknown, key?: string): unknown {
  if (isMapping(base) && isMapping(overlay)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [name, value] of Object.entries(overlay)) {
      if (value === RESET) delete merged[name];
      else merged[name] = name in base ? mergeCompose(base[name], value, name) : value;
    }
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(overlay) && key !== undefined && MERGED_SEQUENCES.has(key))
    return [...new Set<unknown>([...(base as unknown[]), ...(overlay as unknown[])])];
  return overlay;
}

/**
 * docker-compose.yml as Compose reads it, YAML merge keys (`<<: *app`) resolved; with more files, as
 * `docker compose -f docker-compose.yml -f …` (or `COMPOSE_FILE`) merges them onto it, in order.
 */
export function readCompose(...overlays: string[]): ComposeFile {
  return overlays.reduce(
    (merged, path) => mergeCompose(merged, readComposeFile(path)),
    readComposeFile('docker-compose.yml'),
  ) as ComposeFile;
}

export interface EnvExampleEntry {
  readonly key: string;
  readonly value: string;
  /** False for a commented-out line, which documents a default. */
  readonly active: boolean;
  /** The comment line right above it, if any. */
  readonly comment: string | undefined;
}

/** The variables .env.example sets or documents, in order. */
export function readEnvExample(): EnvExampleEntry[] {
  const lines = readRepoFile('.env.example').split('\n');
  const entries: EnvExampleEntry[] = [];
  lines.forEach((line, index) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    const above = lines[index - 1] ?? '';
    const isComment = above.startsWith('#') && !/^#\s*[A-Z][A-Z0-9_]*=/.test(above);
    entries.push({
      key: match[2]!,
      value: match[3]!,
      active: match[1] === undefined,
      comment: isComment ? above : undefined,
    });
  });
  return entries;
}

/** What `cp .env.example .env` gives Compose to interpolate: the lines not commented out. */
export function readDotEnv(): Record<string, string> {
  return Object.fromEntries(
    readEnvExample()
      .filter((entry) => entry.active)
      .map((entry) => [entry.key, entry.value]),
  );
}

/**
 * The environment a container gets: Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}`
 * interpolation of `environment`, with `vars` as the .env file.
 */
export function interpolate(
  environment: Record<string, string | number | null>,
  vars: Readonly<Record<string, string>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, raw] of Object.entries(environment)) {
    result[key] = String(raw ?? '').replace(
      /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
      (_all, name: string, operator: string | undefined, fallback: string | undefined) => {
        const value = vars[name];
        if (value !== undefined && value !== '') return value;
        if (operator === '?') throw new Error(`${name} is required: ${fallback}`);
        return operator === '-' ? (fallback ?? '') : '';
      },
    );
  }
  return result;
}

/** Every variable name docker-compose.yml interpolates, in any value (comments are not read). */
export function interpolatedNames(compose: ComposeFile): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string')
      for (const match of value.matchAll(/\$\{([A-Z0-9_]+)/g)) names.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(compose);
  return names;
}

export interface DockerStage {
  readonly from: string;
  readonly name: string | undefined;
  /** The stage's instructions, comments dropped and continuation lines joined. */
  readonly instructions: string[];
}

/** The Dockerfile's stages, in order. */
export function readDockerfile(): DockerStage[] {
  const joined = readRepoFile('Dockerfile')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: { from: string; name: string | undefined; instructions: string[] }[] = [];
  for (const line of joined.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2], instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}
