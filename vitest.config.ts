import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of the workspace packages, never a stale build.
    alias: {
      '@feishu-welcome/shared': src('./packages/shared/src/index.ts'),
      '@feishu-welcome/testing': src('./packages/testing/src/index.ts'),
      '@feishu-welcome/dev-kit': src('./packages/dev-kit/src/index.ts'),
      '@feishu-welcome/feishu-stand-in': src('./packages/feishu-stand-in/src/index.ts'),
    },
  },
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      // Repository-wide checks: the compose file, the Dockerfile, the env contract, alert rules, payloads.
      'test/**/*.test.ts',
    ],
    globalSetup: ['./packages/testing/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
