// Mutation testing of the files that guard security and exactly-once delivery: `pnpm mutate`.
// Not part of CI (it takes tens of minutes on two cores); run it when these files or their tests
// change, and keep every file at 90 % or more. Surviving mutants that are not bugs are explained in
// docs/mutation-testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // pnpm keeps the runner out of core's own node_modules: name it so Stryker can load it.
  plugins: ['@stryker-mutator/vitest-runner'],
  // Every test file runs in the dry run; perTest coverage then picks the tests each mutant meets.
  vitest: { configFile: 'vitest.config.ts', related: false },
  // In place: the workspace's per-package node_modules links and the built dist/ the process-level
  // tests spawn stay valid. Stryker puts the sources back when it ends or is interrupted.
  inPlace: true,
  coverageAnalysis: 'perTest',
  mutate: [
    // Feishu crypto: signature, replay window, decryption, envelopes.
    'packages/shared/src/feishu/verify-signature.ts',
    'packages/shared/src/feishu/compute-signature.ts',
    'packages/shared/src/feishu/decrypt-event.ts',
    'packages/shared/src/feishu/derive-key.ts',
    'packages/shared/src/feishu/envelope.ts',
    'packages/shared/src/queue-catalog.ts',
    // Ingress: the decision and the acknowledged write.
    'apps/ingress/src/handle-webhook.ts',
    'apps/ingress/src/bullmq-enqueue.ts',
    'apps/ingress/src/same-secret.ts',
    // Worker: exactly once, tokens, limits, Feishu's answers.
    'apps/worker/src/process-event-job.ts',
    'apps/worker/src/feishu/classify-reply.ts',
    'apps/worker/src/feishu/message-sender.ts',
    'apps/worker/src/feishu/tenant-token-source.ts',
    'apps/worker/src/redis/send-rate-limiter.ts',
    'apps/worker/src/redis/onboarded-store.ts',
  ],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
};
