// Mutation testing of the files that guard security and exactly-once delivery: `pnpm mutate`.
// Not part of CI (it takes 11 to 21 minutes on two cores); run it when these files or their
// tests change, and keep every file at 90 % or more. Surviving mutants that are not bugs are explained
// in docs/mutation-testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // pnpm keeps the runner out of core's own node_modules: name it so Stryker can load it.
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    // Only the tests that load the mutated files in process (see that file for why).
    configFile: 'vitest.mutation.config.ts',
    // Every one of them runs in the dry run, and perTest coverage then picks the tests each mutant
    // meets; vitest's own `related` search misses tests that reach a file through a workspace alias.
    related: false,
  },
  // In place: the workspace's per-package node_modules links stay valid (a sandbox copy lacks them,
  // and most files then showed "no coverage"). Stryker puts the sources back when it ends or is
  // interrupted.
  inPlace: true,
  coverageAnalysis: 'perTest',
  // vitest does not type-check, so Stryker need not add `// @ts-nocheck` to every source file in place.
  disableTypeChecks: false,
  mutate: [
    // Feishu crypto: signature, replay window, decryption, envelopes.
    'packages/shared/src/feishu/verify-signature.ts',
    'packages/shared/src/feishu/compute-signature.ts',
    'packages/shared/src/feishu/decrypt-event.ts',
    'packages/shared/src/feishu/derive-key.ts',
    'packages/shared/src/feishu/recognise-body.ts',
    // One job per Feishu event: the job id is the deduplication key.
    'packages/shared/src/queue-catalog.ts',
    // Ingress: the decision, the acknowledged write, and what it refuses to store.
    'apps/ingress/src/create-webhook-handler.ts',
    'apps/ingress/src/create-bullmq-enqueue.ts',
    'packages/shared/src/secret-matcher.ts',
    'apps/ingress/src/nests-deeper-than.ts',
    // Worker: exactly once, tokens, limits, Feishu's answers and the wait after a refusal.
    'apps/worker/src/create-event-processor.ts',
    'apps/worker/src/feishu/classify-reply.ts',
    'apps/worker/src/feishu/reply-failure.ts',
    'apps/worker/src/feishu/message-sender.ts',
    'apps/worker/src/feishu/tenant-token-source.ts',
    'apps/worker/src/redis/send-rate-limiter.ts',
    'apps/worker/src/redis/onboarded-store.ts',
  ],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 80, break: null },
  // Two cores: one test runner per core.
  concurrency: 2,
  // A mutant's time limit is timeoutFactor × the dry-run time of the tests that cover it, plus
  // timeoutMS. A mutant that turns a wait into a hang is "timed out" (counted as detected), so the limit
  // only has to exceed honest slowness on a busy machine, not the 10 s test timeout above.
  timeoutFactor: 1.5,
  timeoutMS: 5_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
