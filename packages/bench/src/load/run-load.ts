import { benchScript } from '../process/bench-script.js';
import { receiveMessage } from '../process/receive-message.js';
import { spawnNode } from '../process/spawn-node.js';
import { LOAD_SPEC_ENV, type LoadResult, type LoadSpec } from './load-spec.js';

/** Runs one autocannon run in a load process of its own and returns what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const load = spawnNode(benchScript('load/load-process.js'), {
    env: { [LOAD_SPEC_ENV]: JSON.stringify(spec) },
    ipc: true,
  });
  try {
    // Making the pushes takes seconds; the run itself amount / rate, and no server here is below 500/s.
    const runS = spec.amount / Math.min(spec.overallRate ?? 500, 500);
    return await receiveMessage<LoadResult>(load.child, 'the load process', (runS + 120) * 1000);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${load.output()}`, {
      cause: error,
    });
  } finally {
    await load.stop('SIGKILL');
  }
}
