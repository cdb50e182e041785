// The per-model report of an experiment (`evp show ID --json`): known fields in a fixed order
// (score with CI, pass, pass@k, pass^k, majority vote, clustered interval, per-metric means,
// tokens, cost, judge usage, latency percentiles), then any other field generically, so a
// newer server's additions still show. Columns no model has are left out.
import type { ComponentChildren } from 'preact';
import type { Interval, ReportModel } from '../api/types';
import { PassBadge } from '../components/Badges';
import { CiBar } from '../components/CiBar';
import { DASH, fmtCompact, fmtCost, fmtInt, fmtInterval, fmtMs, fmtScore, fmtValue } from '../lib/format';
import { routes } from '../lib/router';

const KNOWN = new Set([
  'model',
  'rows',
  'rollouts',
  'errors',
  'invalid',
  'passed',
  'score',
  'clustered',
  'pass_at_k',
  'pass_hat_k',
  'majority_vote',
  'metrics',
  'usage',
  'cost_usd',
  'judge',
  'latency_ms',
]);

interface Column {
  key: string;
  head: string;
  title?: string;
  num?: boolean;
  cell: (m: ReportModel) => ComponentChildren;
}

const has = (models: ReportModel[], f: (m: ReportModel) => unknown) =>
  models.some((m) => {
    const v = f(m);
    return v !== undefined && v !== null;
  });

function intervalCell(iv: Interval | null | undefined) {
  if (!iv || typeof iv.mean !== 'number') return DASH;
  return (
    <span title={`95% CI ${fmtInterval(iv.ci_low, iv.ci_high)}`}>
      {fmtScore(iv.mean)} <span class="muted">{fmtInterval(iv.ci_low, iv.ci_high)}</span>
    </span>
  );
}

export function reportColumns(models: ReportModel[], experimentId: string): Column[] {
  const cols: Column[] = [
    {
      key: 'model',
      head: 'model',
      cell: (m) => (
        <a href={`${routes.experiment(experimentId, { model: m.model })}#rollouts`} title="this model's rollouts">
          {m.model}
        </a>
      ),
    },
  ];
  const count = (key: 'rows' | 'rollouts' | 'errors' | 'invalid', head: string, title: string) => {
    if (has(models, (m) => m[key])) {
      cols.push({ key, head, title, num: true, cell: (m) => fmtInt(m[key]) });
    }
  };
  count('rows', 'rows', 'dataset rows');
  count('rollouts', 'rollouts', 'rollouts stored');
  count('errors', 'errors', 'rollouts that failed');
  count('invalid', 'invalid', 'finished rollouts whose score is not valid');
  if (has(models, (m) => m.score)) {
    cols.push(
      { key: 'mean', head: 'score', num: true, cell: (m) => <strong>{fmtScore(m.score?.mean)}</strong> },
      {
        key: 'ci',
        head: '95% CI',
        cell: (m) => (
          <span class="nowrap">
            <CiBar mean={m.score?.mean} low={m.score?.ci_low} high={m.score?.ci_high} />{' '}
            <span class="muted">{fmtInterval(m.score?.ci_low, m.score?.ci_high)}</span>
          </span>
        ),
      },
      {
        key: 'se',
        head: 'SE',
        title: 'standard error (method in the tooltip)',
        num: true,
        cell: (m) => <span title={m.score?.method}>{fmtScore(m.score?.standard_error, 4)}</span>,
      },
    );
  }
  if (has(models, (m) => m.passed)) {
    cols.push({ key: 'passed', head: 'pass', cell: (m) => <PassBadge passed={m.passed} /> });
  }
  const k = models.find((m) => m.pass_at_k?.k)?.pass_at_k?.k;
  if (has(models, (m) => m.pass_at_k)) {
    cols.push({ key: 'pass_at_k', head: `pass@${k ?? 'k'}`, title: 'unbiased pass@k', cell: (m) => intervalCell(m.pass_at_k) });
  }
  if (has(models, (m) => m.pass_hat_k)) {
    cols.push({ key: 'pass_hat_k', head: `pass^${k ?? 'k'}`, title: 'all k runs pass', cell: (m) => intervalCell(m.pass_hat_k) });
  }
  if (has(models, (m) => m.majority_vote)) {
    cols.push({ key: 'majority_vote', head: 'majority vote', cell: (m) => intervalCell(m.majority_vote) });
  }
  if (has(models, (m) => m.clustered)) {
    cols.push({ key: 'clustered', head: 'clustered', title: 'clustered (CR1) interval', cell: (m) => intervalCell(m.clustered) });
  }
  const metricNames = [...new Set(models.flatMap((m) => Object.keys(m.metrics ?? {})))];
  for (const name of metricNames) {
    cols.push({
      key: `metric:${name}`,
      head: name,
      title: `mean of metric ${name}`,
      num: true,
      cell: (m) => fmtScore(m.metrics?.[name]?.mean),
    });
  }
  if (has(models, (m) => m.usage)) {
    cols.push({
      key: 'tokens',
      head: 'tokens',
      title: 'prompt + completion tokens',
      num: true,
      cell: (m) => (
        <span title={`${fmtInt(m.usage?.prompt_tokens)} prompt + ${fmtInt(m.usage?.completion_tokens)} completion`}>
          {fmtCompact(m.usage?.total_tokens ?? (m.usage?.prompt_tokens ?? 0) + (m.usage?.completion_tokens ?? 0))}
        </span>
      ),
    });
  }
  if (has(models, (m) => m.cost_usd)) {
    cols.push({ key: 'cost', head: 'cost', num: true, cell: (m) => fmtCost(m.cost_usd) });
  }
  if (models.some((m) => (m.judge?.cost_usd ?? 0) > 0 || (m.judge?.prompt_tokens ?? 0) > 0)) {
    cols.push({
      key: 'judge',
      head: 'judges',
      title: "judges' tokens and cost for this model's rollouts",
      num: true,
      cell: (m) =>
        `${fmtCompact((m.judge?.prompt_tokens ?? 0) + (m.judge?.completion_tokens ?? 0))} tok · ${fmtCost(m.judge?.cost_usd)}`,
    });
  }
  for (const p of ['p50', 'p95'] as const) {
    cols.push({ key: `latency:${p}`, head: `${p} latency`, num: true, cell: (m) => fmtMs(m.latency_ms?.[p]) });
  }
  const extras = [...new Set(models.flatMap((m) => Object.keys(m)))].filter((x) => !KNOWN.has(x));
  for (const x of extras) {
    cols.push({
      key: `extra:${x}`,
      head: x,
      cell: (m) => {
        const text = fmtValue(m[x]);
        return text.length > 80 ? <span title={text}>{text.slice(0, 80)}…</span> : text;
      },
    });
  }
  return cols;
}

export function ReportTable({ models, experimentId }: { models: ReportModel[]; experimentId: string }) {
  const cols = reportColumns(models, experimentId);
  return (
    <div class="table-wrap">
      <table class="data-table report-table" data-testid="report-table">
        <thead>
          <tr>
            {cols.map((c) => (
              <th scope="col" key={c.key} class={c.num ? 'num' : undefined} title={c.title}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model} data-testid="report-row" data-model={m.model}>
              {cols.map((c) => (
                <td key={c.key} class={c.num ? 'num mono' : 'mono'}>
                  {c.cell(m)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
