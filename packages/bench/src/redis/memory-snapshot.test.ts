import { describe, expect, it } from 'vitest';
import type { KeyClass } from './key-class.js';
import { type MemorySnapshot, jobOwnBytes, memoryGrowth } from './memory-snapshot.js';

function snapshot(usedMemory: number, bytes: Partial<Record<KeyClass, number>>): MemorySnapshot {
  const all = { job: 0, queue: 0, 'events-stream': 0, onboarded: 0, limiter: 0, other: 0, ...bytes };
  return { usedMemory, bytes: all, keys: all };
}

describe('memoryGrowth and jobOwnBytes', () => {
  it('takes each kind’s growth per unit, and leaves the job what does not come and go with other keys', () => {
    const before = snapshot(1_000_000, { 'events-stream': 50_000, limiter: 1_000 });
    const after = snapshot(3_200_000, {
      job: 1_500_000,
      queue: 100_000,
      'events-stream': 250_000,
      onboarded: 150_000,
      limiter: 101_000,
      other: 50_000,
    });
    const growth = memoryGrowth(before, after, 1_000);
    expect(growth.usedMemoryPerUnit).toBe(2_200);
    expect(growth.bytesPerUnit).toEqual({
      job: 1_500,
      queue: 100,
      'events-stream': 200,
      onboarded: 150,
      limiter: 100,
      other: 50,
    });
    // 2,200 less the stream (200), the limiter (100), the welcome records (150) and the rest (50).
    expect(jobOwnBytes(growth)).toBe(1_700);
  });
});
