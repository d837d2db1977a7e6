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

/** What the stand-in answered one send (`GET /__stand-in/requests`); `http_status` is null while held. */
export const StandInAnswer = z.looseObject({
  log_id: z.string(),
  outcome: z.string(),
  http_status: z.number().nullable(),
  code: z.number().nullable(),
  msg: z.string().nullable().optional(),
});
export type StandInAnswer = z.infer<typeof StandInAnswer>;

const MessageList = z.object({ messages: z.array(DeliveredWelcome) });
const RequestList = z.object({ requests: z.array(StandInAnswer) });

async function readJson<T>(fetchFn: Fetch, url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetchFn(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return schema.parse(await response.json());
}

const forChat = (standInUrl: string, path: string, chatId: string) =>
  `${standInUrl}/__stand-in/${path}?receive_id=${encodeURIComponent(chatId)}`;

/** The messages the stand-in delivered to `chatId` (the worker sends with `receive_id_type=chat_id`). */
export async function readWelcomes(fetchFn: Fetch, standInUrl: string, chatId: string) {
  const { messages } = await readJson(fetchFn, forChat(standInUrl, 'messages', chatId), MessageList);
  return messages.filter((message) => message.receive_id === chatId);
}

/** Every answer the stand-in gave a send to `chatId`, oldest first. */
export async function readAnswers(fetchFn: Fetch, standInUrl: string, chatId: string) {
  return (await readJson(fetchFn, forChat(standInUrl, 'requests', chatId), RequestList)).requests;
}

/** One answer as a person reads it: `HTTP 400, code 230053 "…" (log id …)`. */
export function describeAnswer(answer: StandInAnswer): string {
  const status = answer.http_status === null ? 'no answer yet' : `HTTP ${answer.http_status}`;
  const code = answer.code === null ? '' : `, code ${answer.code}`;
  const msg = answer.msg ? ` "${answer.msg}"` : '';
  return `${status}${code}${msg} (log id ${answer.log_id})`;
}
