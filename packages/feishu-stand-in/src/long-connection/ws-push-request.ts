import { z } from 'zod';
import { InvalidWsPushError } from './invalid-ws-push-error.js';

/** What `wsPush()` and `POST /__stand-in/ws/push` take: an envelope, and how to cut it into frames. */
export const WsPushRequest = z.strictObject({
  /** The event envelope, v1 or v2, as a webhook would receive it; its token is blanked before pushing. */
  event: z.record(z.string(), z.unknown()),
  fragments: z.number().int().min(1).max(100).optional(),
  order: z.enum(['forward', 'reverse', 'shuffle']).optional(),
});
export type WsPushRequest = z.infer<typeof WsPushRequest>;

/** Checks a push request; throws {@link InvalidWsPushError} naming each bad field. */
export function parseWsPushRequest(input: unknown): WsPushRequest {
  const parsed = WsPushRequest.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(push)'}: ${issue.message}`,
    );
    throw new InvalidWsPushError(problems, { cause: parsed.error });
  }
  return parsed.data;
}
