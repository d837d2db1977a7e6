import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code, or the signal's name, once the process has ended. */
  readonly exited: Promise<number | string>;
  running(): boolean;
}

export interface SpawnChildOptions {
  readonly name: string;
  /** A built entry point, relative to `cwd`. */
  readonly script: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives every line the child prints, already prefixed with its name. */
  readonly write: (line: string) => void;
  /** Width the names are padded to, so that the lines of all children align. */
  readonly nameWidth: number;
}

/**
 * Runs `node <script>` with each output line prefixed by the child's name, like `docker compose up`.
 * The child gets its own process group: a Ctrl-C at the terminal reaches only `pnpm dev`, which then
 * stops the children in order instead of all at once.
 */
export function spawnChild(options: SpawnChildOptions): Child {
  const child = spawn(process.execPath, [options.script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `${options.name.padEnd(options.nameWidth)} | `;
  const relay = (stream: Readable | null) => {
    if (stream)
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
        options.write(prefix + line),
      );
  };
  relay(child.stdout);
  relay(child.stderr);
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return {
    name: options.name,
    process: child,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}
