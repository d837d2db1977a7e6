import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './nests-deeper-than.js';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { child: value };
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts objects and arrays as levels, never scalars', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(nestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
  });

  it('draws the line exactly at the limit', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
  });

  it('finds the deep branch among shallow siblings', () => {
    expect(nestsDeeperThan({ a: 1, b: [], c: { d: nested(10) } }, 11)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [], c: { d: nested(10) } }, 12)).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(100_000), 64)).toBe(true);
  });
});
