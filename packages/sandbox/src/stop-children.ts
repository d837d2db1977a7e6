import type { Child } from './spawn-child.js';

/**
 * SIGTERM to every child still running, so each runs its own graceful shutdown; SIGKILL to any still
 * running after `graceMs`. Resolves once all have exited.
 */
export async function stopChildren(children: readonly Child[], graceMs: number): Promise<void> {
  const running = children.filter((child) => child.running());
  for (const child of running) child.process.kill('SIGTERM');
  const killer = setTimeout(() => {
    for (const child of running) if (child.running()) child.process.kill('SIGKILL');
  }, graceMs);
  await Promise.all(running.map((child) => child.exited));
  clearTimeout(killer);
}
