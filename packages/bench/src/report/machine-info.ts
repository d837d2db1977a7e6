import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { REPO_ROOT } from '@feishu-welcome/dev-kit';

export interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly redis: string;
  /** The commit measured, and the product paths that differed from it (another engineer's work). */
  readonly commit: string;
  readonly uncommitted: readonly string[];
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** What the figures were measured on: the machine, the runtimes and the code. */
export function describeMachine(redisVersion: string): MachineInfo {
  const dirty = git(['status', '--porcelain', '--', 'apps/ingress', 'apps/worker', 'packages/shared']);
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: totalmem() / 1024 ** 3,
    kernel: release(),
    node: process.version,
    redis: redisVersion,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    uncommitted: dirty === '' ? [] : dirty.split('\n').map((line) => line.slice(3)),
  };
}
