import { z } from 'zod';
import { InvalidWsPushError } from './invalid-ws-push-error.js';

/**
 * What `wsLoad()` and `POST /__stand-in/ws/load` take: an envelope to push `count` times, each copy
 * with its own event id, kept to at most `window` unacknowledged pushes, at most `ratePerSecond`
 * pushes a second, or both.
 */
export const WsLoadRequest = z
  .strictObject({
    /** The envelope, v1 or v2; each copy's event id is this one's with `-<n>` appended (n from 0). */
    event: z.record(z.string(), z.unknown()),
    count: z.number().int().min(1).max(1_000_000),
    /** Pushes whose first attempt has not settled (acknowledged, refused, timed out) at any moment. */
    window: z.number().int().min(1).max(100_000).optional(),
    /** Pushes started per second, spread evenly from the first. */
    ratePerSecond: z.number().positive().max(1_000_000).optional(),
  })
  .refine((request) => request.window !== undefined || request.ratePerSecond !== undefined, {
    message: 'give window, ratePerSecond or both',
    path: ['window'],
  });
export type WsLoadRequest = z.infer<typeof WsLoadRequest>;

/** Checks a load request; throws {@link InvalidWsPushError} naming each bad field. */
export function parseWsLoadRequest(input: unknown): WsLoadRequest {
  const parsed = WsLoadRequest.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(load)'}: ${issue.message}`,
    );
    throw new InvalidWsPushError(problems, { cause: parsed.error });
  }
  return parsed.data;
}
