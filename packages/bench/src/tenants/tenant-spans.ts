/** A delivered message as the stand-in reads it back: which tenant sent it, to whom, when. */
export interface TenantMessage {
  readonly tenant_key: string;
  readonly receive_id: string;
  readonly received_at: number;
}

/** A tenant's first and last message at Feishu, and how many it got. */
export interface TenantSpan {
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/** Each tenant's span of delivered messages. */
export function spansByTenant(messages: readonly TenantMessage[]): Map<string, TenantSpan> {
  const spans = new Map<string, TenantSpan>();
  for (const { tenant_key: tenant, received_at: at } of messages) {
    const span = spans.get(tenant);
    spans.set(
      tenant,
      span
        ? { first: Math.min(span.first, at), last: Math.max(span.last, at), count: span.count + 1 }
        : { first: at, last: at, count: 1 },
    );
  }
  return spans;
}

/**
 * Enqueue → welcome, in ms, of the events whose chat is in `enqueuedAt` (the chat's first message
 * counts); events never welcomed are counted apart, not guessed.
 */
export function welcomeLatencies(
  enqueuedAt: ReadonlyMap<string, number>,
  messages: readonly TenantMessage[],
): { readonly latenciesMs: Float64Array; readonly missing: number } {
  const welcomedAt = new Map<string, number>();
  for (const { receive_id: chat, received_at: at } of messages) {
    if (enqueuedAt.has(chat)) welcomedAt.set(chat, Math.min(at, welcomedAt.get(chat) ?? at));
  }
  const latencies: number[] = [];
  for (const [chat, at] of enqueuedAt) {
    const welcomed = welcomedAt.get(chat);
    if (welcomed !== undefined) latencies.push(welcomed - at);
  }
  return { latenciesMs: Float64Array.from(latencies), missing: enqueuedAt.size - latencies.length };
}
