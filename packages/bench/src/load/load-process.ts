import { performance } from 'node:perf_hooks';
import { LOAD_SPEC_ENV, type LoadSpec } from './load-spec.js';
import { runAutocannon } from './run-autocannon.js';
import { makeSignedPushes } from './signed-bodies.js';

/**
 * The load generator's own process: makes the signed pushes, runs autocannon once, sends the result
 * to the harness over IPC and exits. A process of its own so that nothing the harness does (sampling
 * memory, counting jobs, timers) shares its event loop and delays a response's timing.
 */
async function main(): Promise<void> {
  const spec = JSON.parse(process.env[LOAD_SPEC_ENV] ?? '') as LoadSpec;
  const started = performance.now();
  const pushes = makeSignedPushes(spec.amount);
  const generationMs = performance.now() - started;
  const result = await runAutocannon(spec, pushes, generationMs);
  process.send?.(result, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`load process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
