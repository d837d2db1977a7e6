import { SlidingWindow } from './sliding-window.js';

/**
 * The most requests seen in any 1 s and any 60 s window, throttled ones included: how fast a client
 * tried to send, which the accepted-send peaks cannot show once the limiter has cut it down.
 */
export class PaceMeter {
  readonly #second = new SlidingWindow(1_000);
  readonly #minute = new SlidingWindow(60_000);
  #peakSecond = 0;
  #peakMinute = 0;

  note(nowMs: number): void {
    this.#peakSecond = Math.max(this.#peakSecond, this.#second.add(nowMs));
    this.#peakMinute = Math.max(this.#peakMinute, this.#minute.add(nowMs));
  }

  peaks(): { readonly perSecond: number; readonly perMinute: number } {
    return { perSecond: this.#peakSecond, perMinute: this.#peakMinute };
  }

  clear(): void {
    this.#second.clear();
    this.#minute.clear();
    this.#peakSecond = 0;
    this.#peakMinute = 0;
  }
}
