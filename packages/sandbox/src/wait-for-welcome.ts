import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Fetch } from './post-push.js';

/** The part of a stand-in message this tool reads (`GET /__stand-in/messages`). */
export const DeliveredWelcome = z.looseObject({
  message_id: z.string(),
  receive_id: z.string(),
  msg_type: z.string(),
  content: z.record(z.string(), z.unknown()),
});
export type DeliveredWelcome = z.infer<typeof DeliveredWelcome>;

const MessageList = z.object({ messages: z.array(DeliveredWelcome) });

export interface WaitForWelcomeOptions {
  readonly fetch: Fetch;
  readonly standInUrl: string;
  /** The chat the welcome goes to; the worker sends with `receive_id_type=chat_id`. */
  readonly chatId: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

export type WelcomeWait =
  | { readonly kind: 'arrived'; readonly message: DeliveredWelcome }
  | { readonly kind: 'not-arrived' }
  | { readonly kind: 'stand-in-unreachable'; readonly error: string };

/**
 * Polls the stand-in until a message for `chatId` is there or `timeoutMs` has passed. A stand-in that
 * never answered is told apart from one that answered without the welcome: the hints differ.
 */
export async function waitForWelcome(options: WaitForWelcomeOptions): Promise<WelcomeWait> {
  const url = `${options.standInUrl}/__stand-in/messages?receive_id=${encodeURIComponent(options.chatId)}`;
  const deadline = Date.now() + options.timeoutMs;
  let answered = false;
  let lastError = 'no answer';
  for (;;) {
    try {
      const response = await options.fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { messages } = MessageList.parse(await response.json());
      answered = true;
      const message = messages.find((candidate) => candidate.receive_id === options.chatId);
      if (message) return { kind: 'arrived', message };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      return answered ? { kind: 'not-arrived' } : { kind: 'stand-in-unreachable', error: lastError };
    }
    await sleep(options.intervalMs ?? 250);
  }
}
