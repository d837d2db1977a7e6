import type { DeliveredWelcome } from './read-stand-in.js';

/** A delivered message as a person reads it: a text message's text, anything else as indented JSON. */
export function describeMessage(message: DeliveredWelcome): string {
  const text = message.content['text'];
  if (message.msg_type === 'text' && typeof text === 'string') return text;
  return JSON.stringify(message.content, null, 2);
}
