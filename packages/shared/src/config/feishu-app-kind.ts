import { z } from 'zod';

/**
 * `FEISHU_EVENT_MODE`: how Feishu's events reach the ingress — pushed to the request URL (`webhook`)
 * or down the long connection the ingress opens (`websocket`, self-built apps only).
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export const FeishuEventMode = z.enum(['webhook', 'websocket']).default('webhook');

/** `FEISHU_APP_TYPE`: a self-built app (one tenant) or a store (marketplace) app (a token per tenant). */
export const FeishuAppType = z.enum(['self-built', 'store']).default('self-built');
export type FeishuAppType = z.infer<typeof FeishuAppType>;
