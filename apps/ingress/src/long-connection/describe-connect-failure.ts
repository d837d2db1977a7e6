/**
 * A failure to reach Feishu in words safe to log: the error's name, code and message with any URL's
 * query cut off, since the connection's URL carries a ticket. Never the error object itself.
 */
export function describeConnectFailure(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return typeof cause === 'string' ? cause : 'unknown failure';
  const code = (cause as { code?: unknown }).code;
  const inner: unknown = cause.cause;
  const text = [
    cause.name,
    typeof code === 'string' ? code : undefined,
    cause.message.replace(/\?\S*/g, '?…'),
    inner instanceof Error ? describeConnectFailure(inner) : undefined,
  ];
  return text.filter((part) => part !== undefined && part !== '').join(': ');
}
