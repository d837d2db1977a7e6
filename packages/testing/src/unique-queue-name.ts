import { randomUUID } from 'node:crypto';

/** A queue name no other test (or person) uses, so tests never see each other's jobs. */
export function uniqueQueueName(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
