/** The status of each push by its event's id (`uuid`); 0 when no answer came. */
export type Statuses = Map<string, number>;

/** A pushed event's id, which keys {@link Statuses}. */
export const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

/**
 * Pushes every event through `post`, `concurrency` at a time, as Feishu's steady stream would, recording
 * each answer's status as it comes (0: the push failed without one). `done` resolves once every event
 * has had its answer.
 */
export function pushStream(
  post: (event: Record<string, unknown>) => Promise<number>,
  events: readonly Record<string, unknown>[],
  concurrency = 8,
): { statuses: Statuses; done: Promise<void> } {
  const statuses: Statuses = new Map();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next++] as Record<string, unknown>;
      statuses.set(eventIdOf(event), await post(event).catch(() => 0));
    }
  };
  return { statuses, done: Promise.all(Array.from({ length: concurrency }, lane)).then(() => undefined) };
}
