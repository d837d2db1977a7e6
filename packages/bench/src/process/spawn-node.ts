import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { REPO_ROOT } from '@feishu-welcome/dev-kit';

/** The last this many characters of a child's output are kept, for error messages. */
const KEEP_OUTPUT_CHARS = 64 * 1024;

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The tail of what the process printed. */
  output(): string;
  /** Resolves with the exit code, or the signal's name, once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Signals the process and waits for it; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

export interface SpawnNodeOptions {
  /** The environment, besides PATH (nothing else of the harness's leaks in). */
  readonly env: Record<string, string>;
  /** Flags for node itself, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
  /** Opens an IPC channel (`process.send` in the child). */
  readonly ipc?: boolean;
}

/** Runs `script` (absolute, or relative to the repository root) in a fresh node process. */
export function spawnNode(script: string, options: SpawnNodeOptions): NodeProcess {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return {
    child,
    pid: child.pid,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return await exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
