// Unit tests of the Chart.js configurations built from API data.
import { describe, expect, it } from 'vitest';
import { latencyHistogramConfig, modelOrder, scoreByModelConfig, scoreVsCostConfig } from '../src/charts/configs';
import type { LeaderboardSuite } from '../src/api/types';

const suites: LeaderboardSuite[] = [
  {
    suite: 's1',
    threshold: { success: 0.5 },
    models: [
      { model: 'weak', experiment_id: 'e1', mean: 0.5, ci_low: 0.4, ci_high: 0.6, cost_usd: 0.001 },
      { model: 'strong', experiment_id: 'e1', mean: 0.9, ci_low: 0.85, ci_high: 0.95, cost_usd: 0.1 },
    ],
  },
  { suite: 's2', models: [{ model: 'strong', experiment_id: 'e2', mean: 0.7, ci_low: 0.6, ci_high: 0.8, cost_usd: 0.05 }] },
];

describe('chart configs', () => {
  it('orders models by their best mean', () => {
    expect(modelOrder(suites)).toEqual(['strong', 'weak']);
  });
  it('builds error bars per suite, empty where a suite lacks a model', () => {
    const c = scoreByModelConfig(suites);
    expect(c.data.labels).toEqual(['strong', 'weak']);
    expect(c.data.datasets[0].data[0]).toEqual({ y: 0.9, yMin: 0.85, yMax: 0.95 });
    expect(Number.isNaN((c.data.datasets[1].data[1] as { y: number }).y)).toBe(true);
  });
  it('uses a log cost axis when costs span orders of magnitude', () => {
    const c = scoreVsCostConfig(suites);
    expect((c.options?.scales?.x as { type: string }).type).toBe('logarithmic');
    expect(c.data.datasets.map((d) => d.label)).toEqual(['strong', 'weak']);
  });
  it('trims empty latency buckets and labels the open one', () => {
    const c = latencyHistogramConfig(
      {
        b: [
          { le_ms: 10, count: 0 },
          { le_ms: 100, count: 3 },
          { le_ms: 1000, count: 1 },
          { le_ms: null, count: 2 },
        ],
        a: [
          { le_ms: 10, count: 0 },
          { le_ms: 100, count: 1 },
          { le_ms: 1000, count: 0 },
          { le_ms: null, count: 0 },
        ],
      },
      ['a', 'b'],
    );
    expect(c.data.labels).toEqual(['≤ 100 ms', '≤ 1.00 s', '> 1.00 s']);
    expect(c.data.datasets.map((d) => d.label)).toEqual(['a', 'b']);
    expect(c.data.datasets[1].data).toEqual([3, 1, 2]);
  });
});
