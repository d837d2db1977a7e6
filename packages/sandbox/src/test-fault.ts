/**
 * A failure `send-test-event` can ask the Feishu stand-in for, on the test event's own chat only and
 * for its first send only: a retry from the dashboard then succeeds.
 */
export type TestFault =
  | { readonly kind: 'permanent' }
  | { readonly kind: 'throttle' }
  | { readonly kind: 'server-error' }
  | { readonly kind: 'code'; readonly code: number };

export const TEST_FAULT_NAMES = ['permanent', 'throttle', 'server-error'] as const;

/** "The user has stopped the bot": a code the worker does not retry. */
const PERMANENT_CODE = 230053;

/** What each fault makes of the test event, for the usage text and the line printed before sending. */
export function describeTestFault(fault: TestFault): string {
  switch (fault.kind) {
    case 'permanent':
      return `Feishu answers code ${PERMANENT_CODE} (the user stopped the bot): the job fails at once`;
    case 'throttle':
      return 'Feishu throttles the first send (HTTP 429, code 99991400): the worker pauses, then sends';
    case 'server-error':
      return 'Feishu answers HTTP 500 once: the job is retried with backoff, then sent';
    case 'code':
      return `Feishu answers code ${fault.code} once: permanent codes fail the job, retryable ones are retried`;
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}

/** The stand-in fault (`POST /__stand-in/faults`) that plays `fault` on the chat `chatId`. */
export function standInFaultFor(fault: TestFault, chatId: string): Record<string, unknown> {
  const target = { endpoint: 'messages', receive_id: chatId, times: 1 };
  switch (fault.kind) {
    case 'permanent':
      return { kind: 'feishu-error', ...target, code: PERMANENT_CODE };
    case 'throttle':
      return { kind: 'throttle', ...target, reset_seconds: 1 };
    case 'server-error':
      return { kind: 'http-error', ...target, status: 500 };
    case 'code':
      return { kind: 'feishu-error', ...target, code: fault.code };
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}
