import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepoFile } from '../compose/repo-files.js';
import { registeredMetrics } from './registered-metrics.js';

interface Rule {
  readonly alert?: string;
  readonly expr?: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

const RULES_FILE = 'deploy/prometheus/alerts.yml';
const rules: Rule[] = (parse(readRepoFile(RULES_FILE)) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (group) => group.rules,
);
const metrics = registeredMetrics();

/** Prometheus's own series, which no code of ours registers. */
const PROMETHEUS_OWN: ReadonlySet<string> = new Set(['up']);

interface Selector {
  readonly metric: string;
  readonly matchers: readonly { readonly label: string; readonly op: string; readonly value: string }[];
}

/** The series selectors of a PromQL expression: our metrics and Prometheus's own, with their matchers. */
function selectorsIn(expr: string): Selector[] {
  return [...expr.matchAll(/\b(feishu_[a-z0-9_]+|up)\b(?:\{([^}]*)\})?/g)].map((match) => ({
    metric: match[1]!,
    matchers: [...(match[2] ?? '').matchAll(/([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((m) => ({
      label: m[1]!,
      op: m[2]!,
      value: m[3]!,
    })),
  }));
}

/** A histogram's series carry `_bucket`, `_count` and `_sum` after the registered name. */
function registeredFor(series: string) {
  const direct = metrics.get(series);
  if (direct !== undefined) return direct;
  const base = /^(.*)_(bucket|count|sum)$/.exec(series)?.[1];
  const histogram = base === undefined ? undefined : metrics.get(base);
  return histogram?.type === 'Histogram' || histogram?.type === 'Summary' ? histogram : undefined;
}

describe(RULES_FILE, () => {
  it('finds the metrics the code registers (the scan itself works)', () => {
    expect([...metrics.keys()]).toEqual(
      expect.arrayContaining([
        'feishu_ingress_requests_total',
        'feishu_queue_jobs',
        'feishu_worker_sends_total',
      ]),
    );
    expect(metrics.get('feishu_queue_jobs')?.labelNames).toEqual(['state']);
  });

  it('has alerts for what an operator must hear about, each with a severity, a summary and a description', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'FeishuPushesRefused',
        'FeishuJobsFailed',
        'FeishuSendsThrottled',
        'FeishuNoWorker',
        'FeishuWorkersStuck',
        'FeishuWorkerDown',
        'FeishuRedisNotPersisting',
        'FeishuLongConnectionDown',
      ]),
    );
    for (const rule of rules) {
      expect(rule.expr, rule.alert).toBeTruthy();
      expect(['critical', 'warning']).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary'], rule.alert).toBeTruthy();
      expect(rule.annotations?.['description'], rule.alert).toBeTruthy();
    }
  });

  it.each(rules.map((rule) => [rule.alert ?? '(unnamed)', rule] as const))(
    '%s names only metrics, labels and label values the code registers',
    (_name, rule) => {
      const selectors = selectorsIn(rule.expr ?? '');
      expect(selectors.length).toBeGreaterThan(0);
      for (const { metric, matchers } of selectors) {
        if (PROMETHEUS_OWN.has(metric)) continue;
        const registered = registeredFor(metric);
        expect(registered, `${metric} is not registered by any apps/*/src or packages/*/src`).toBeDefined();
        for (const { label, op, value } of matchers) {
          expect(registered!.labelNames, `${metric} has no label ${label}`).toContain(label);
          if (op !== '=' && op !== '=~') continue;
          // `a|b` in a regex matcher: each alternative must be a value the code writes.
          for (const alternative of op === '=~' ? value.split('|') : [value]) {
            expect(
              registered!.literals.has(alternative),
              `${metric}{${label}="${alternative}"} is never written`,
            ).toBe(true);
          }
        }
      }
    },
  );
});
