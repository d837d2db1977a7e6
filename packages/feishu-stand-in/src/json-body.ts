/** A request body read as JSON, or why it could not be. */
export type JsonBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/**
 * Feishu's Open API takes `Content-Type: application/json; charset=utf-8`. The body is parsed here
 * rather than by a middleware so that a malformed one is answered (and counted) like any bad request.
 */
export function parseJsonBody(raw: unknown, declaredJson: boolean): JsonBody {
  if (!declaredJson) return { ok: false, problem: 'Content-Type must be application/json' };
  if (!Buffer.isBuffer(raw) || raw.length === 0) return { ok: false, problem: 'the body is empty' };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, problem: 'the body is not valid JSON' };
  }
}
