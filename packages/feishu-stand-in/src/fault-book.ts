import type { ActiveFault, Fault, FaultInput } from './fault.js';
import { parseFault } from './parse-fault.js';

interface Entry {
  readonly id: string;
  readonly fault: Fault;
  remaining: number | null;
  fired: number;
}

/** The scripted faults, in the order added; a request fires at most one, the first that matches. */
export class FaultBook {
  #entries: Entry[] = [];
  #nextId = 1;

  /** Validates a fault with {@link parseFault} (which throws naming each bad field) and adds it. */
  add(input: FaultInput): ActiveFault {
    const fault = parseFault(input);
    const entry: Entry = {
      id: `fault-${this.#nextId}`,
      fault,
      remaining: fault.times ?? null,
      fired: 0,
    };
    this.#nextId += 1;
    this.#entries.push(entry);
    return snapshot(entry);
  }

  /**
   * The first fault for this endpoint and receiver, counted as fired; a fault is retired once it has
   * fired `times` times.
   */
  take(endpoint: Fault['endpoint'], receiveId: string | undefined): ActiveFault | undefined {
    const entry = this.#entries.find(
      (e) =>
        e.fault.endpoint === endpoint &&
        (e.fault.receive_id === undefined || e.fault.receive_id === receiveId),
    );
    if (entry === undefined) return undefined;
    entry.fired += 1;
    if (entry.remaining !== null) entry.remaining -= 1;
    if (entry.remaining === 0) this.#entries = this.#entries.filter((e) => e !== entry);
    return snapshot(entry);
  }

  list(): readonly ActiveFault[] {
    return this.#entries.map(snapshot);
  }

  remove(id: string): boolean {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => e.id !== id);
    return this.#entries.length < before;
  }

  /** Removes every fault; returns how many there were. */
  clear(): number {
    const count = this.#entries.length;
    this.#entries = [];
    return count;
  }
}

function snapshot(entry: Entry): ActiveFault {
  return { ...entry.fault, id: entry.id, remaining: entry.remaining, fired: entry.fired };
}
