import { randomBytes, randomInt } from 'node:crypto';

/** Who a ticket lets in: the ids the endpoint put in the URL next to it. */
export interface WsTicket {
  readonly deviceId: string;
  readonly serviceId: number;
}

/** Enough for any burst of endpoint calls; a ticket never redeemed drops off the oldest end. */
const KEEP_TICKETS = 1_000;

/**
 * The tickets the endpoint hands out in its URLs. Each opens one connection: a URL used twice, or
 * made up, is refused on upgrade, so a client that reconnects without calling the endpoint again is caught.
 */
export class WsTicketBook {
  readonly #tickets = new Map<string, WsTicket>();

  issue(): { readonly ticket: string } & WsTicket {
    const ticket = randomBytes(16).toString('hex');
    // Shaped like Feishu's: a decimal device id and a positive int32 service id.
    const entry: WsTicket = {
      deviceId: String(randomInt(1, 2 ** 47)),
      serviceId: randomInt(1, 2 ** 31 - 1),
    };
    this.#tickets.set(ticket, entry);
    if (this.#tickets.size > KEEP_TICKETS) {
      const oldest = this.#tickets.keys().next();
      if (oldest.done !== true) this.#tickets.delete(oldest.value);
    }
    return { ticket, ...entry };
  }

  /** The ticket's ids, used up; `undefined` when it was never issued or was already used. */
  redeem(ticket: string): WsTicket | undefined {
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    return entry;
  }
}
