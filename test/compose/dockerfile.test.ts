import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO, readCompose, readDockerfile, readRepoFile } from './repo-files.js';

const stages = readDockerfile();
const final = stages.at(-1)!;
const allInstructions = stages.flatMap((stage) => stage.instructions);
/** The `for dir in …` list of projects whose dist/ and node_modules the image keeps. */
const keptProjects = /for dir in ([^;]+);/.exec(allInstructions.join('\n'))?.[1]?.trim().split(/\s+/) ?? [];

describe('Dockerfile', () => {
  it('builds in named stages and runs from a separate one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((stage) => stage.name !== undefined)).toBe(true);
    expect(final.from).toMatch(/^node:24-/);
  });

  it('installs the pnpm version pinned in package.json, with npm', () => {
    const { packageManager } = JSON.parse(readRepoFile('package.json')) as { packageManager: string };
    expect(allInstructions).toContain(`RUN npm install --global ${packageManager}`);
  });

  it('runs as an unprivileged user, in production mode, the ingress by default', () => {
    const user = final.instructions.filter((i) => i.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
    expect(final.instructions).toContain('ENV NODE_ENV=production');
    expect(final.instructions.at(-1)).toBe('CMD ["node", "apps/ingress/dist/main.js"]');
  });

  it('has no build or test tooling in the final stage', () => {
    const text = final.instructions.join('\n');
    expect(text).not.toMatch(/pnpm|npm install|yarn|tsc|typescript|vitest|testcontainers/);
    expect(final.instructions.filter((i) => i.startsWith('COPY')).every((i) => i.includes('--from='))).toBe(
      true,
    );
  });

  it('copies from the build context only files that exist', () => {
    const sources = allInstructions
      .filter((i) => /^COPY\s/.test(i) && !i.includes('--from='))
      .flatMap((i) => i.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(`${REPO}${source}`))).toEqual([]);
  });

  it('installs production dependencies for exactly the projects it keeps, and those hold every command', () => {
    const filtered = [...allInstructions.join('\n').matchAll(/--filter (\S+)/g)].map((m) => m[1]);
    const names = keptProjects.map(
      (dir) => (JSON.parse(readFileSync(`${REPO}${dir}/package.json`, 'utf8')) as { name: string }).name,
    );
    expect(filtered.sort()).toEqual(names.sort());
    for (const [name, service] of Object.entries(readCompose().services)) {
      const script = service.command?.[1];
      if (name === 'redis' || script === undefined) continue;
      expect(
        keptProjects.some((dir) => script.startsWith(`${dir}/dist/`)),
        script,
      ).toBe(true);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps installed, built and secret files out of the build context', () => {
    const patterns = readRepoFile('.dockerignore').split('\n');
    for (const pattern of [
      '**/node_modules',
      '**/dist',
      '**/*.tsbuildinfo',
      '**/coverage',
      '.git',
      '.ci/.tools',
      '.env',
    ]) {
      expect(patterns).toContain(pattern);
    }
  });
});
