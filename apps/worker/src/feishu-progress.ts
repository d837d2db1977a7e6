/**
 * Whether Feishu is answering this worker's sends. A call that times out or cannot connect is no
 * answer; any reply is one, an error or a throttle included. Read by `/readyz`: a worker whose sends
 * all go unanswered makes no progress, even while each of its calls correctly gives up. A worker with
 * no send under way is idle, not stuck, whatever happened before.
 */
export interface FeishuProgress {
  /** A send to Feishu begins. */
  sendStarted(): void;
  /** A send has ended, `answered` when Feishu replied to it (or to its token fetch). */
  sendEnded(answered: boolean): void;
  /** While a send is under way, how long sends have gone unanswered; else 0. */
  silentForMs(): number;
}

export function createFeishuProgress(now: () => number): FeishuProgress {
  let inFlight = 0;
  /** Since when no send has been answered, counted from the first send begun after the last answer. */
  let unansweredSince: number | undefined;
  return {
    sendStarted() {
      inFlight += 1;
      unansweredSince ??= now();
    },
    sendEnded(answered) {
      inFlight -= 1;
      // The sends still in flight are owed an answer from now on.
      if (answered) unansweredSince = inFlight > 0 ? now() : undefined;
    },
    silentForMs: () => (inFlight > 0 && unansweredSince !== undefined ? now() - unansweredSince : 0),
  };
}
