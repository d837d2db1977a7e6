import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests `pnpm mutate` runs against each mutant: those that run the mutated files in this process.
 * Tests that spawn the built services (`dist/`) cannot see a mutant in `src/`, so they would only cost
 * time; so would the stand-in's, the sandbox's and the dashboard's, which load none of the mutated
 * files. Every test here also passes in the single worker thread the Stryker runner uses.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'apps/ingress/src/**/*.test.ts',
      'apps/worker/src/**/*.test.ts',
      'packages/shared/src/**/*.test.ts',
      // The ingress app over real Redis, in process.
      'apps/ingress/test/integration/create-bullmq-enqueue.test.ts',
      'apps/ingress/test/integration/signed-webhook.test.ts',
      'apps/ingress/test/integration/webhook.test.ts',
    ],
    // A mutant that makes a test wait for something that never comes fails it here, sooner than
    // Stryker's own timeout (which has to restart the runner).
    testTimeout: 10_000,
  },
});
