import type { NodeProcess } from '../process/spawn-node.js';

/** The three servers the load is sent to, in the order they are measured. */
export const TARGET_KINDS = ['bare-express', 'feishu-sdk', 'ingress'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_LABELS: Record<TargetKind, string> = {
  'bare-express': '(a) bare Express 5',
  'feishu-sdk': '(b) Feishu SDK adapter',
  ingress: '(c) our ingress',
};

/** A server under load, in a process of its own. */
export interface RunningTarget {
  readonly kind: TargetKind;
  /** Where the pushes go. */
  readonly url: string;
  readonly process: NodeProcess;
}
