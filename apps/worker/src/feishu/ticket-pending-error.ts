/**
 * A store app's token cannot be had until Feishu pushes an `app_ticket` (there is none yet, or Feishu
 * refused the one kept). A resend has been asked for; the job should wait `retryAfterMs` and try again,
 * without spending an attempt.
 */
export class TicketPendingError extends Error {
  override readonly name = 'TicketPendingError';
  readonly code = 'FEISHU_APP_TICKET_PENDING';

  constructor(readonly retryAfterMs: number) {
    super(`waiting for Feishu to push the app_ticket; trying again in ${retryAfterMs} ms`);
  }
}
