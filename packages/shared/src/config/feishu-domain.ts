import { z } from 'zod';

/** Feishu and Lark serve the same Open API paths from these bases; an app lives on one of them. */
export const FEISHU_DOMAINS = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
} as const;

/**
 * `FEISHU_DOMAIN`: `feishu`, `lark`, or an http(s) base URL (a stand-in, a proxy), read as the base URL
 * without a trailing slash. Required as it stands; a process that has a default adds it.
 */
export const FeishuDomain = z.string().transform((value, ctx) => {
  if (value === 'feishu' || value === 'lark') return FEISHU_DOMAINS[value];
  if (/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) return value.replace(/\/+$/, '');
  ctx.addIssue({ code: 'custom', message: 'must be feishu, lark or an http(s) base URL' });
  return z.NEVER;
});
