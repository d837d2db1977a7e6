import { randomUUID } from 'node:crypto';
import { TEST_APP } from './test-app.js';

/** The console's URL verification (https://open.feishu.cn/document/ukTMukTMukTM/uUTNz4SN1MjL1UzM). */
export function urlVerification(
  challenge: string = randomUUID(),
  token: string = TEST_APP.verificationToken,
) {
  return { challenge, token, type: 'url_verification' };
}
