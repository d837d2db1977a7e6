/**
 * The times of the events that happened in the last `lengthMs`, so that "at most N in any window of
 * that length" can be checked exactly (a fixed bucket per second would let 2N through across a
 * bucket edge). An event at `t` is inside the window at `now` while `t > now - lengthMs`.
 */
export class SlidingWindow {
  #times: number[] = [];
  #head = 0;

  constructor(readonly lengthMs: number) {}

  /** How many events are inside the window at `nowMs`. */
  count(nowMs: number): number {
    this.#forget(nowMs);
    return this.#times.length - this.#head;
  }

  /** Records an event at `nowMs`; returns the count inside the window, this event included. */
  add(nowMs: number): number {
    this.#forget(nowMs);
    // A clock that steps back counts as standing still, so the times stay in order.
    const last = this.#times[this.#times.length - 1];
    this.#times.push(last === undefined ? nowMs : Math.max(last, nowMs));
    return this.#times.length - this.#head;
  }

  /** Milliseconds from `nowMs` until fewer than `limit` events are inside the window; 0 if already. */
  msUntilBelow(limit: number, nowMs: number): number {
    const inside = this.count(nowMs);
    if (inside < limit) return 0;
    // The window must lose `inside - limit + 1` events; the last of them leaves at its time + length.
    const leaving = this.#times[this.#head + inside - limit] ?? nowMs;
    return leaving + this.lengthMs - nowMs;
  }

  clear(): void {
    this.#times = [];
    this.#head = 0;
  }

  #forget(nowMs: number): void {
    const edge = nowMs - this.lengthMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] ?? Infinity) <= edge) this.#head += 1;
    // Compact now and then instead of shifting on every call.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
