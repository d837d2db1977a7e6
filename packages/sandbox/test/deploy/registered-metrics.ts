import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../compose/repo-files.js';

export interface RegisteredMetric {
  readonly name: string;
  readonly type: 'Counter' | 'Gauge' | 'Histogram' | 'Summary';
  readonly labelNames: readonly string[];
  /** Every string literal in the sources of the project that registers it: where label values come from. */
  readonly literals: ReadonlySet<string>;
}

/** The source files of one project (`apps/worker`), tests left out. */
function sourcesOf(project: string): string[] {
  const dir = join(REPO, project, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * Every prom-client metric the code registers, read from its sources: each `new Counter({ name: … })`
 * (or Gauge, Histogram, Summary) with its `labelNames`.
 */
export function registeredMetrics(): Map<string, RegisteredMetric> {
  const metrics = new Map<string, RegisteredMetric>();
  const projects = ['apps', 'packages'].flatMap((root) =>
    readdirSync(join(REPO, root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${root}/${entry.name}`),
  );
  for (const project of projects) {
    let sources: string[];
    try {
      sources = sourcesOf(project);
    } catch {
      continue; // a project without src/
    }
    const literals = new Set(
      sources.flatMap((source) => [...source.matchAll(/'([^'\n]*)'/g)].map((m) => m[1]!)),
    );
    for (const source of sources) {
      for (const match of source.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{([\s\S]*?)\}\);?\n/g)) {
        const body = match[2]!;
        const name = /name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/.exec(body)?.[1];
        if (name === undefined) continue;
        const labels = /labelNames:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
        metrics.set(name, {
          name,
          type: match[1] as RegisteredMetric['type'],
          labelNames: [...labels.matchAll(/'([^']+)'/g)].map((m) => m[1]!),
          literals,
        });
      }
    }
  }
  return metrics;
}
