// Chart.js configurations built from API data: pure functions (no Chart.js runtime here, only
// its types), so they are unit-tested without a canvas and the runtime stays in its own chunk.
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type {} from 'chartjs-chart-error-bars'; // its chart type augments chart.js's registry
import type { LatencyBucket, LeaderboardSuite, ReportModel } from '../api/types';
import { fmtCost, fmtInterval, fmtMs, fmtScore } from '../lib/format';
import { seriesColor, seriesFill } from '../lib/palette';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

interface ErrorBarPoint {
  y: number;
  yMin: number;
  yMax: number;
}

/** Models in order of their best mean over the suites (highest first). */
export function modelOrder(suites: LeaderboardSuite[]): string[] {
  const best = new Map<string, number>();
  for (const s of suites) {
    for (const m of s.models) {
      const v = isNum(m.mean) ? m.mean : -1;
      best.set(m.model, Math.max(best.get(m.model) ?? -1, v));
    }
  }
  return [...best.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((e) => e[0]);
}

function errorPoint(mean: unknown, lo: unknown, hi: unknown): ErrorBarPoint | null {
  if (!isNum(mean)) return null;
  return { y: mean, yMin: isNum(lo) ? lo : mean, yMax: isNum(hi) ? hi : mean };
}

const scoreAxis = { min: 0, max: 1, title: { display: true, text: 'mean score (95% CI)' } };

/**
 * Leaderboard: mean score per model, one bar series per suite, with CI error bars. With one
 * suite bars take their model's colour (as in the cost chart); with several, each suite gets
 * a colour after the models' ones, so a suite is never mistaken for a model.
 */
export function scoreByModelConfig(suites: LeaderboardSuite[]): ChartConfiguration<'barWithErrorBars'> {
  const models = modelOrder(suites);
  const single = suites.length === 1;
  return {
    type: 'barWithErrorBars',
    data: {
      labels: models,
      datasets: suites.map((s, i) => ({
        label: s.suite,
        backgroundColor: single ? models.map((_, m) => seriesFill(m)) : seriesFill(models.length + i),
        borderColor: single ? models.map((_, m) => seriesColor(m)) : seriesColor(models.length + i),
        borderWidth: 1,
        data: models.map((m) => {
          const e = s.models.find((x) => x.model === m);
          // A model absent from a suite gets an empty bar (NaN is skipped by Chart.js).
          return (e && errorPoint(e.mean, e.ci_low, e.ci_high)) ?? { y: NaN, yMin: NaN, yMax: NaN };
        }),
      })),
    },
    options: {
      scales: { y: scoreAxis },
      plugins: {
        legend: { display: suites.length > 1, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'barWithErrorBars'>) => {
              const p = item.raw as ErrorBarPoint;
              return `${item.dataset.label}: ${fmtScore(p.y)} ${fmtInterval(p.yMin, p.yMax)}`;
            },
          },
        },
      },
    },
  };
}

interface CostPoint {
  x: number;
  y: number;
  suite: string;
  model: string;
}

const SUITE_SHAPES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'] as const;

/**
 * Leaderboard: each (suite, model) as a point of cost (x) against mean score (y); colour is
 * the model, shape the suite.
 */
export function scoreVsCostConfig(suites: LeaderboardSuite[]): ChartConfiguration<'scatter'> {
  const models = modelOrder(suites);
  const costs: number[] = [];
  const datasets = models.map((model, i) => {
    const data: CostPoint[] = [];
    const shapes: (typeof SUITE_SHAPES)[number][] = [];
    for (const [si, s] of suites.entries()) {
      const e = s.models.find((x) => x.model === model);
      if (e && isNum(e.mean) && isNum(e.cost_usd)) {
        data.push({ x: e.cost_usd, y: e.mean, suite: s.suite, model });
        shapes.push(SUITE_SHAPES[si % SUITE_SHAPES.length]);
        costs.push(e.cost_usd);
      }
    }
    return {
      label: model,
      data,
      backgroundColor: seriesFill(i, 0.85),
      borderColor: seriesColor(i),
      pointStyle: shapes,
      pointRadius: 6,
      pointHoverRadius: 8,
    };
  });
  const positive = costs.filter((c) => c > 0);
  const useLog =
    positive.length === costs.length &&
    positive.length > 1 &&
    Math.max(...positive) / Math.min(...positive) > 20;
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      scales: {
        x: {
          type: useLog ? 'logarithmic' : 'linear',
          beginAtZero: !useLog,
          title: { display: true, text: `cost per experiment (USD${useLog ? ', log scale' : ''})` },
          ticks: { callback: (v: string | number) => fmtCost(Number(v)) },
        },
        y: { min: 0, max: 1, title: { display: true, text: 'mean score' } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'scatter'>) => {
              const p = item.raw as CostPoint;
              return `${p.model} · ${p.suite}: score ${fmtScore(p.y)}, cost ${fmtCost(p.x)}`;
            },
          },
        },
      },
    },
  };
}

/** Experiment: mean score per model with its CI. */
export function modelScoresConfig(models: ReportModel[]): ChartConfiguration<'barWithErrorBars'> {
  return {
    type: 'barWithErrorBars',
    data: {
      labels: models.map((m) => m.model),
      datasets: [
        {
          label: 'mean score',
          backgroundColor: models.map((_, i) => seriesFill(i)),
          borderColor: models.map((_, i) => seriesColor(i)),
          borderWidth: 1,
          data: models.map(
            (m) =>
              errorPoint(m.score?.mean, m.score?.ci_low, m.score?.ci_high) ?? {
                y: NaN,
                yMin: NaN,
                yMax: NaN,
              },
          ),
        },
      ],
    },
    options: {
      scales: { y: scoreAxis },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'barWithErrorBars'>) => {
              const p = item.raw as ErrorBarPoint;
              return `${fmtScore(p.y)} ${fmtInterval(p.yMin, p.yMax)}`;
            },
          },
        },
      },
    },
  };
}

/** Bucket label: "≤ 250 ms", and "> 10 s" for the open last bucket (le_ms null). */
export function bucketLabel(le: number | null, previous: number | null): string {
  if (le === null || !Number.isFinite(le)) return previous === null ? 'all' : `> ${fmtMs(previous)}`;
  return `≤ ${fmtMs(le)}`;
}

/**
 * Experiment: latency histogram, one bar series per model over the union of buckets. `order`
 * (the report's model order) keeps each model's colour the same as in the other charts.
 */
export function latencyHistogramConfig(
  hist: Record<string, LatencyBucket[]>,
  order: string[] = [],
): ChartConfiguration<'bar'> {
  const models = [
    ...order.filter((m) => m in hist),
    ...Object.keys(hist).filter((m) => !order.includes(m)),
  ];
  const edges = new Set<number>();
  let hasOpen = false;
  for (const m of models) {
    for (const b of hist[m] ?? []) {
      if (isNum(b.le_ms)) edges.add(b.le_ms);
      else hasOpen = true;
    }
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const keys: (number | null)[] = hasOpen ? [...sorted, null] : sorted;
  // Trim empty buckets at both ends so the chart shows where the data is.
  const total = (k: number | null) =>
    models.reduce((acc, m) => acc + (hist[m]?.find((b) => (b.le_ms ?? null) === k)?.count ?? 0), 0);
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi && total(keys[lo]) === 0) lo++;
  while (hi > lo && total(keys[hi]) === 0) hi--;
  const shown = keys.slice(lo, hi + 1);
  const labels = shown.map((k, i) => bucketLabel(k, i > 0 ? shown[i - 1] : lo > 0 ? keys[lo - 1] : null));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: models.map((m, i) => ({
        label: m,
        backgroundColor: seriesFill(i),
        borderColor: seriesColor(i),
        borderWidth: 1,
        data: shown.map((k) => hist[m]?.find((b) => (b.le_ms ?? null) === k)?.count ?? 0),
      })),
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'latency bucket' } },
        y: { beginAtZero: true, title: { display: true, text: 'rollouts' } },
      },
      plugins: { legend: { position: 'bottom', display: models.length > 1 } },
    },
  };
}
