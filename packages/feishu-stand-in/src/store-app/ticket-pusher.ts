import { appTicket, encryptedPush, plainPush, pushTs } from '@feishu-welcome/dev-kit';
import { runWithDeadline, type Logger } from '@feishu-welcome/shared';
import type { StoreAppSettings } from './store-app-options.js';

/** The longest wait between two push attempts. */
const MAX_RETRY_MS = 5_000;
/** One push attempt gives up after this long. */
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface TicketPusher {
  /** Pushes the current ticket, again and again until the webhook answers 200; coalesces with a push under way. */
  push(): void;
  /** Stops pushing (the stand-in is closing). */
  stop(): void;
  /** Pushes answered 200 so far. */
  delivered(): number;
}

/**
 * Feishu's `app_ticket` push to the app's webhook: a v1 event, encrypted and signed when the app has an
 * Encrypt Key. Feishu retries a push that is not answered 200; so does this, with a growing wait.
 * Source: https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */
export function createTicketPusher(options: {
  readonly settings: StoreAppSettings;
  readonly appId: string;
  readonly currentTicket: () => string;
  readonly now: () => number;
  readonly log: Logger | undefined;
}): TicketPusher {
  const { settings, log } = options;
  let running = false;
  let again = false;
  let stopped = false;
  let delivered = 0;
  const stopper = new AbortController();

  async function attempt(url: string): Promise<boolean> {
    const payload = appTicket({
      ts: pushTs(options.now()),
      token: settings.verificationToken,
      appId: options.appId,
      ticket: options.currentTicket(),
    });
    const push =
      settings.encryptKey === undefined
        ? plainPush(payload)
        : encryptedPush(payload, { encryptKey: settings.encryptKey });
    try {
      // A plain timer, not AbortSignal.timeout under AbortSignal.any, which Node 20 can collect unfired.
      const status = await runWithDeadline(
        ATTEMPT_TIMEOUT_MS,
        async (signal) => {
          const res = await fetch(url, { method: 'POST', headers: push.headers, body: push.body, signal });
          await res.arrayBuffer();
          return res.status;
        },
        stopper.signal,
      );
      log?.info({ status }, 'app_ticket pushed');
      return status === 200;
    } catch {
      log?.info('app_ticket push not answered');
      return false;
    }
  }

  async function run(url: string): Promise<void> {
    running = true;
    try {
      do {
        again = false;
        let waitMs = settings.retryMs;
        while (!stopped && !(await attempt(url))) {
          await new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
          waitMs = Math.min(waitMs * 2, MAX_RETRY_MS);
        }
        if (!stopped) delivered += 1;
      } while (again && !stopped);
    } finally {
      running = false;
    }
  }

  return {
    push() {
      const url = settings.ticketWebhookUrl;
      if (url === undefined || stopped) return;
      if (running) again = true;
      else void run(url);
    },
    stop() {
      stopped = true;
      stopper.abort();
    },
    delivered: () => delivered,
  };
}
