import { fatalLines, occupyPort, spawnService } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';

/** The built entry point: `pnpm build` comes first. */
const MAIN = 'packages/feishu-stand-in/dist/main.js';

describe('the stand-in process', () => {
  it('exits 1 with one line naming STAND_IN_PORT when that port is taken', async () => {
    const taken = await occupyPort();
    try {
      const service = spawnService(MAIN, { STAND_IN_PORT: String(taken.port) });
      expect(await service.exited()).toBe(1);
      expect(fatalLines(service.output())).toEqual([
        expect.objectContaining({ msg: `STAND_IN_PORT ${taken.port} is already in use` }),
      ]);
      expect(service.output()).not.toMatch(/^\s+at /m);
    } finally {
      await taken.release();
    }
  });

  it('refuses a port that is not written in decimal digits, naming the key', async () => {
    const service = spawnService(MAIN, { STAND_IN_PORT: '0x10' });
    expect(await service.exited()).toBe(1);
    expect(service.output()).toMatch(/STAND_IN_PORT: must be a port number/);
  });
});
