import { describe, expect, it } from 'vitest';
import { createFeishuProgress } from './feishu-progress.js';

describe('Feishu progress', () => {
  it('counts silence from the first send after the last answer', () => {
    let now = 0;
    const progress = createFeishuProgress(() => now);
    expect(progress.silentForMs()).toBe(0);
    progress.sendStarted();
    now = 1_000;
    progress.sendEnded(false);
    progress.sendStarted();
    now = 5_000;
    expect(progress.silentForMs()).toBe(5_000);
    progress.sendEnded(true);
    expect(progress.silentForMs()).toBe(0);
  });

  it('reports an idle worker as silent for 0, and resumes the count when it sends again', () => {
    let now = 0;
    const progress = createFeishuProgress(() => now);
    progress.sendStarted();
    now = 1_000;
    progress.sendEnded(false);
    now = 60_000;
    expect(progress.silentForMs()).toBe(0);
    progress.sendStarted();
    expect(progress.silentForMs()).toBe(60_000);
  });

  it('owes the sends still in flight an answer from the last one', () => {
    let now = 0;
    const progress = createFeishuProgress(() => now);
    progress.sendStarted();
    progress.sendStarted();
    now = 2_000;
    progress.sendEnded(true);
    now = 9_000;
    expect(progress.silentForMs()).toBe(7_000);
  });
});
