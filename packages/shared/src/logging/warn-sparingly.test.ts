import { describe, expect, it } from 'vitest';
import { createLogger } from '../create-logger.js';
import { warnSparingly } from './warn-sparingly.js';

describe('warnSparingly', () => {
  it('warns once a window, counting the repeats it held back, and logs those at debug', () => {
    const lines: { level: number; repeats?: number; n: number }[] = [];
    const log = createLogger({
      name: 'test',
      level: 'debug',
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as never) },
    });
    let clock = 0;
    const warn = warnSparingly(log, 'frame ignored', { windowMs: 1_000, now: () => clock });
    for (let n = 0; n < 5; n++) warn({ n });
    clock = 1_000;
    warn({ n: 5 });
    expect(lines.filter((line) => line.level === 40).map(({ n, repeats }) => [n, repeats])).toEqual([
      [0, 0],
      [5, 4],
    ]);
    expect(lines.filter((line) => line.level === 20)).toHaveLength(4);
  });
});
