import { LongConnectionRefusedError } from './long-connection-refused-error.js';

/** Feishu's codes that refuse the long connection for good, and the line an operator reads for each. */
const REFUSALS: Readonly<Record<number, string>> = {
  514: "Feishu refused the app's credentials (code 514): check FEISHU_APP_ID and FEISHU_APP_SECRET",
  403: 'Feishu forbids this app the long connection (code 403): it must be a self-built app subscribed with 使用长连接接收事件',
  1000040350:
    'Feishu refused another long connection (code 1000040350): the app already has the most it allows (50)',
};

/**
 * The error for a code Feishu refuses the long connection with, whether its endpoint answered it or
 * its WebSocket upgrade did; `undefined` for a code this does not know as final.
 */
export function feishuRefusal(code: number): LongConnectionRefusedError | undefined {
  const message = REFUSALS[code];
  return message === undefined ? undefined : new LongConnectionRefusedError(message, code);
}
