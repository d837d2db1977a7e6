import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs a node script as `node --expose-gc script ...args` (the script forces garbage collection itself)
 * and resolves the JSON line it prints, or undefined when it failed or had not ended by `limitMs`.
 */
export async function runUnderForcedGc<T>(
  script: string,
  args: readonly string[],
  limitMs: number,
): Promise<T | undefined> {
  const child = spawn(process.execPath, ['--expose-gc', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(limit);
  return code === 0 ? (JSON.parse(output) as T) : undefined;
}
