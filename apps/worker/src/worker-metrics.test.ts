import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createWorkerMetrics, SEND_OUTCOMES } from './worker-metrics.js';

describe('createWorkerMetrics', () => {
  it('exports every send outcome and the token refreshes at 0 before anything happened', async () => {
    const registry = new Registry();
    createWorkerMetrics(registry);
    const text = await registry.metrics();
    expect(SEND_OUTCOMES).toEqual(['sent', 'already_welcomed', 'retried', 'throttled', 'failed_permanently']);
    for (const outcome of SEND_OUTCOMES) {
      expect(text).toContain(`\nfeishu_worker_sends_total{outcome="${outcome}"} 0\n`);
    }
    expect(text).toContain('\nfeishu_worker_token_refreshes_total 0\n');
  });

  it('counts each outcome under its own label', async () => {
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    metrics.countSend('sent');
    metrics.countSend('sent');
    metrics.countSend('throttled');
    metrics.countTokenRefresh();
    const text = await registry.metrics();
    expect(text).toContain('\nfeishu_worker_sends_total{outcome="sent"} 2\n');
    expect(text).toContain('\nfeishu_worker_sends_total{outcome="throttled"} 1\n');
    expect(text).toContain('\nfeishu_worker_sends_total{outcome="retried"} 0\n');
    expect(text).toContain('\nfeishu_worker_token_refreshes_total 1\n');
  });
});
