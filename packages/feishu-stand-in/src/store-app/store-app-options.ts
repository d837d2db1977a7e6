/**
 * A marketplace (store) app's side of the stand-in: where it pushes the `app_ticket`, and how it signs
 * the push so that the product's ingress accepts it.
 */
export interface StoreAppOptions {
  /**
   * The webhook `app_ticket` pushes go to (the ingress's event URL). @defaultValue unset: no pushes;
   * tokens are still issued against the current ticket.
   */
  ticketWebhookUrl?: string;
  /** The `token` field of each push, as the ingress checks it. @defaultValue `''` */
  verificationToken?: string;
  /** When set, pushes are encrypted and signed with it, as Feishu does. @defaultValue unset: plaintext */
  encryptKey?: string;
  /** Whether the ticket is pushed once the stand-in listens; else only on a resend. @defaultValue `true` */
  pushTicketAtStart?: boolean;
  /** The first wait between push attempts until one is answered 200; doubles up to 5 s. @defaultValue `250` */
  retryMs?: number;
}

export interface StoreAppSettings {
  readonly ticketWebhookUrl: string | undefined;
  readonly verificationToken: string;
  readonly encryptKey: string | undefined;
  readonly pushTicketAtStart: boolean;
  readonly retryMs: number;
}

export function resolveStoreApp(options: StoreAppOptions = {}): StoreAppSettings {
  return {
    ticketWebhookUrl: options.ticketWebhookUrl,
    verificationToken: options.verificationToken ?? '',
    encryptKey: options.encryptKey,
    pushTicketAtStart: options.pushTicketAtStart ?? true,
    retryMs: options.retryMs ?? 250,
  };
}
