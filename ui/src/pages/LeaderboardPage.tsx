// "/" Leaderboard: suites x models (mean score with CI bar, pass/fail against the suite's
// threshold, cost, tokens, latency p50/p95; a cell links to that experiment's rollouts of the
// model), the arena ratings when battles exist, and charts. Live: battles and finished
// experiments refresh it (throttled).
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Leaderboard, LeaderboardModel, LeaderboardSuite } from '../api/types';
import { PassBadge } from '../components/Badges';
import { ChartCanvas } from '../components/ChartCanvas';
import { CiBar } from '../components/CiBar';
import { ErrorBox, Loading } from '../components/Status';
import { modelOrder, scoreByModelConfig, scoreVsCostConfig } from '../charts/configs';
import { fmtCompact, fmtCost, fmtDate, fmtInt, fmtMs, fmtScore, fmtInterval, DASH } from '../lib/format';
import { useApi, useLiveEvents } from '../lib/hooks';
import { routes } from '../lib/router';
import { throttle } from '../lib/throttle';
import { ArenaRatingsTable } from './ArenaRatingsTable';

function thresholdText(s: LeaderboardSuite): string {
  const t = s.threshold;
  if (!t || typeof t.success !== 'number') return 'no threshold';
  const se = typeof t.standard_error === 'number' ? `, SE ≤ ${t.standard_error}` : '';
  return `pass: mean ≥ ${t.success}${se}`;
}

function LeaderboardCell({ suite, m }: { suite: string; m: LeaderboardModel }) {
  const tokens = (m.prompt_tokens ?? 0) + (m.completion_tokens ?? 0);
  const link = routes.experiment(m.experiment_id, { model: m.model });
  return (
    <td class="lb-cell" data-testid="leaderboard-cell" data-suite={suite} data-model={m.model}>
      <a
        href={`${link}#rollouts`}
        class="lb-link"
        title={`${suite} · ${m.model}: experiment ${m.experiment_id} (${fmtDate(m.created_at)}). Open its rollouts.`}
      >
        <span class="lb-line">
          <span class="lb-score mono" data-testid="leaderboard-score">
            {fmtScore(m.mean)}
          </span>
          <CiBar mean={m.mean} low={m.ci_low} high={m.ci_high} />
          <PassBadge passed={m.passed} />
        </span>
        <span class="lb-sub mono">
          <span title="95% confidence interval">{fmtInterval(m.ci_low, m.ci_high)}</span>
          <span title={`cost in USD: ${m.cost_usd ?? DASH}`}>{fmtCost(m.cost_usd)}</span>
          <span title={`${fmtInt(m.prompt_tokens)} prompt + ${fmtInt(m.completion_tokens)} completion tokens`}>
            {fmtCompact(tokens)} tok
          </span>
          <span title="latency p50 / p95">
            {fmtMs(m.latency_p50_ms)} / {fmtMs(m.latency_p95_ms)}
          </span>
          {(m.errors ?? 0) > 0 && (
            <span class="text-bad" title={`${m.errors} failed of ${m.rollouts ?? '?'} rollouts`}>
              {fmtInt(m.errors)} err
            </span>
          )}
        </span>
      </a>
    </td>
  );
}

function SuitesTable({ suites }: { suites: LeaderboardSuite[] }) {
  const models = modelOrder(suites);
  return (
    <div class="table-wrap">
      <table class="data-table lb-table" data-testid="leaderboard-table">
        <thead>
          <tr>
            <th scope="col">model</th>
            {suites.map((s) => (
              <th scope="col" key={s.suite} data-testid="leaderboard-suite">
                <div>{s.suite}</div>
                <div class="muted small">{thresholdText(s)}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model} data-testid="leaderboard-row" data-model={model}>
              <th scope="row" class="mono">
                {model}
              </th>
              {suites.map((s) => {
                const m = s.models.find((x) => x.model === model);
                return m ? (
                  <LeaderboardCell key={s.suite} suite={s.suite} m={m} />
                ) : (
                  <td key={s.suite} class="muted">
                    {DASH}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Each cell is the suite's latest experiment that ran the model: mean score, 95% interval
        (bar on 0..1), cost, tokens, latency p50 / p95. Click a cell for its rollouts.
      </p>
    </div>
  );
}

export function LeaderboardPage() {
  const board = useApi<Leaderboard>('/api/leaderboard');
  const refresh = useRef(throttle(board.reload, 2000)).current;
  useEffect(() => () => refresh.cancel(), []);
  useLiveEvents({
    battles: () => refresh(),
    experiment: (e) => {
      if (e.status && e.status !== 'running') refresh();
    },
    resync: () => refresh(),
  });

  const suites = board.data?.suites ?? [];
  const scoreChart = useMemo(() => scoreByModelConfig(suites), [board.data]);
  const costChart = useMemo(() => scoreVsCostConfig(suites), [board.data]);

  useEffect(() => {
    document.title = 'Leaderboard · evp';
  }, []);

  return (
    <section>
      <h1>Leaderboard</h1>
      {board.error !== null && <ErrorBox error={board.error} />}
      {board.loading && !board.data && <Loading what="the leaderboard" />}
      {board.data && suites.length === 0 && (
        <p class="empty" data-testid="leaderboard-empty">
          No experiments stored yet. Run <code>evp run SUITE.yaml</code> and they appear here.
        </p>
      )}
      {suites.length > 0 && <SuitesTable suites={suites} />}
      {board.data?.arena && (
        <>
          <h2>Arena ratings</h2>
          <ArenaRatingsTable arena={board.data.arena} />
        </>
      )}
      {suites.length > 0 && (
        <>
          <h2>Charts</h2>
          <div class="chart-grid">
            <ChartCanvas config={scoreChart} label="Mean score by model and suite (95% CI)" testid="chart-score" />
            <ChartCanvas config={costChart} label={suites.length > 1 ? 'Score against cost (colour: model, shape: suite)' : 'Score against cost'} testid="chart-cost" />
          </div>
        </>
      )}
    </section>
  );
}
