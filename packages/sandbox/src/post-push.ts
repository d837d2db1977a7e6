import type { FeishuPush } from '@feishu-welcome/dev-kit';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface IngressAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * POSTs a push to the webhook and returns whatever it answered. Feishu gives up after 3 s; this waits
 * a little longer so that a slow ingress shows up as its answer, not as a timeout.
 */
export async function postPush(fetchFn: Fetch, url: string, push: FeishuPush): Promise<IngressAnswer> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: push.headers,
    body: push.body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.text() };
}
