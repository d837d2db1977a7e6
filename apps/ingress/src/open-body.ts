import { decryptEvent, recogniseBody, verifySignature, type RecognisedBody } from '@feishu-welcome/shared';
import type { RejectReason } from './ingress-outcome.js';

export interface WebhookRequest {
  readonly rawBody: Buffer;
  readonly timestamp: string | undefined;
  readonly nonce: string | undefined;
  readonly signature: string | undefined;
}

export interface Crypto {
  readonly encryptKey: string;
  /** `deriveKey(encryptKey)`, computed once at start. */
  readonly aesKey: Buffer;
}

type Opened =
  | { readonly ok: true; readonly body: RecognisedBody }
  | { readonly ok: false; readonly reason: RejectReason };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function recognise(value: unknown): Opened {
  const body = recogniseBody(value);
  return body ? { ok: true, body } : { ok: false, reason: 'unknown-envelope' };
}

/**
 * Turns the raw bytes of a push into a recognised body: signature and timestamp checked, decrypted,
 * parsed, and told apart as a URL verification, a v1 or a v2 event. Pure; the clock is a parameter.
 * Sources: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function openBody(request: WebhookRequest, crypto: Crypto | undefined, nowMs: number): Opened {
  const outer = parseJson(request.rawBody.toString('utf8'));
  if (!outer.ok) return { ok: false, reason: 'malformed-json' };
  const encrypted =
    typeof outer.value === 'object' && outer.value !== null && 'encrypt' in outer.value
      ? outer.value.encrypt
      : undefined;

  if (!crypto) {
    return encrypted === undefined ? recognise(outer.value) : { ok: false, reason: 'encrypted-without-key' };
  }
  // With an Encrypt Key, Feishu encrypts everything, the URL verification included.
  if (typeof encrypted !== 'string') return { ok: false, reason: 'not-encrypted' };

  const verdict = verifySignature(request, crypto.encryptKey, nowMs);
  if (!verdict.ok && verdict.reason !== 'missing-signature') return { ok: false, reason: verdict.reason };

  let opened: Opened;
  try {
    const inner = parseJson(decryptEvent(encrypted, crypto.aesKey));
    opened = inner.ok ? recognise(inner.value) : { ok: false, reason: 'malformed-json' };
  } catch {
    opened = { ok: false, reason: 'undecryptable' };
  }
  // The console's URL verification is the one push Feishu does not sign (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case).
  if (!verdict.ok && !(opened.ok && opened.body.kind === 'challenge')) {
    return { ok: false, reason: 'missing-signature' };
  }
  return opened;
}
