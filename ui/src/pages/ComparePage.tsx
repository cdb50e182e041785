// "/experiments/:id/compare?a=&b=&filter=": two models of one experiment on the same rows.
// The paired statistics (B − A with its interval, p-value, test, verdict in plain words) come
// with the first page and are kept while paging; rows show the question and both answers
// with their row scores (mean over runs, a failed rollout counting 0).
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, seg } from '../api/client';
import type { ComparePage as ComparePageData, Comparison, ExperimentDetail } from '../api/types';
import { CursorPager } from '../components/Pager';
import { ErrorBox, Loading } from '../components/Status';
import { useCursorStack } from '../lib/cursorStack';
import { DASH, fmtInt, fmtP, fmtScore, fmtSigned, verdictWords } from '../lib/format';
import { useApi } from '../lib/hooks';
import { routes, updateQuery, type Loc } from '../lib/router';

const PAGE_SIZE = 50;

const FILTERS = [
  { value: 'all', label: 'all rows' },
  { value: 'disagree', label: 'rows where they differ' },
  { value: 'a_better', label: 'A scores higher' },
  { value: 'b_better', label: 'B scores higher' },
];

/** The difference B − A and its interval on a −1..1 track (a table-cell visual). */
function DiffBar({ diff, lo, hi }: { diff?: number | null; lo?: number | null; hi?: number | null }) {
  const pos = (v: number) => `${((Math.max(-1, Math.min(1, v)) + 1) / 2) * 100}%`;
  if (typeof diff !== 'number') return null;
  return (
    <span class="diff-bar" role="img" aria-label={`difference ${fmtSigned(diff)}`}>
      <span class="diff-zero" />
      {typeof lo === 'number' && typeof hi === 'number' && (
        <span
          class="diff-band"
          style={{ left: pos(lo), width: `${((Math.min(1, hi) - Math.max(-1, lo)) / 2) * 100}%` }}
        />
      )}
      <span class="diff-mean" style={{ left: pos(diff) }} />
    </span>
  );
}

function StatsBox({ stats, a, b }: { stats: Comparison; a: string; b: string }) {
  const verdict = stats.verdict ?? 'no_difference';
  return (
    <div class={`stats-box verdict-${verdict}`} data-testid="compare-stats">
      <p class="verdict" data-testid="compare-verdict" data-verdict={verdict}>
        {verdictWords(verdict)}
        <span class="muted small">
          {' '}
          ({verdict === 'b_better' ? b : verdict === 'a_better' ? a : 'no difference the data can show'})
        </span>
      </p>
      <dl class="facts">
        <div class="fact">
          <dt>mean A ({a})</dt>
          <dd class="mono">{fmtScore(stats.mean_a)}</dd>
        </div>
        <div class="fact">
          <dt>mean B ({b})</dt>
          <dd class="mono">{fmtScore(stats.mean_b)}</dd>
        </div>
        <div class="fact">
          <dt>B − A (95% CI)</dt>
          <dd class="mono" data-testid="compare-diff">
            {fmtSigned(stats.mean_diff)}{' '}
            <span class="muted">
              [{fmtSigned(stats.ci_low)}, {fmtSigned(stats.ci_high)}]
            </span>{' '}
            <DiffBar diff={stats.mean_diff} lo={stats.ci_low} hi={stats.ci_high} />
          </dd>
        </div>
        <div class="fact">
          <dt>p-value</dt>
          <dd class="mono" data-testid="compare-p">
            {fmtP(stats.p_value)}
            {typeof stats.p_value_holm === 'number' && <span class="muted"> (Holm {fmtP(stats.p_value_holm)})</span>}
          </dd>
        </div>
        <div class="fact">
          <dt>test</dt>
          <dd class="mono">{stats.test?.replace(/_/g, ' ') ?? DASH}</dd>
        </div>
        <div class="fact">
          <dt>rows</dt>
          <dd class="mono" title="rows paired; A higher / B higher / tied">
            {fmtInt(stats.n)}: A {fmtInt(stats.a_better_rows)} · B {fmtInt(stats.b_better_rows)} · tied{' '}
            {fmtInt(stats.tied_rows)}
            {(stats.only_a_rows ?? 0) + (stats.only_b_rows ?? 0) > 0 &&
              ` · unpaired ${fmtInt((stats.only_a_rows ?? 0) + (stats.only_b_rows ?? 0))}`}
          </dd>
        </div>
      </dl>
      <p class="muted small">
        Paired on the same rows; a row's score is the mean of its runs and a failed rollout counts 0.
        {typeof stats.alpha === 'number' && ` A verdict needs p < ${stats.alpha} and an interval that excludes 0.`}
      </p>
    </div>
  );
}

function Answer({ side }: { side?: { score?: number | null; runs?: number; answer?: string | null } | null }) {
  if (!side) return <span class="muted">no rollout</span>;
  return (
    <div class="cmp-answer">
      <span class="cmp-score mono strong">{fmtScore(side.score)}</span>
      {typeof side.runs === 'number' && side.runs > 1 && <span class="muted small"> over {side.runs} runs</span>}
      <div class="prewrap clip-3" title={side.answer ?? undefined}>
        {side.answer ?? <span class="muted">{DASH}</span>}
      </div>
    </div>
  );
}

/** The model of side A or B, one of the experiment's models. */
function ModelSelect(props: { side: 'a' | 'b'; value: string; models: string[]; onPick: (model: string) => void }) {
  return (
    <label>
      {props.side.toUpperCase()}
      <select
        value={props.value}
        onChange={(e) => props.onPick((e.target as HTMLSelectElement).value)}
        data-testid={`compare-${props.side}`}
      >
        {props.models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ComparePage({ id, loc }: { id: string; loc: Loc }) {
  const detail = useApi<ExperimentDetail>(`/api/experiments/${seg(id)}`);
  const models = detail.data?.models ?? [];
  const a = loc.query.get('a') || models[0] || '';
  const b = loc.query.get('b') || models.find((m) => m !== a) || '';
  const filter = loc.query.get('filter') || 'all';
  const cursor = loc.query.get('cursor') ?? '';
  const viewKey = JSON.stringify([a, b, filter]);
  const stack = useCursorStack(viewKey);

  const ready = a !== '' && b !== '' && a !== b;
  const page = useApi<ComparePageData>(
    ready ? apiUrl(`/api/experiments/${seg(id)}/compare`, { a, b, filter, cursor, limit: PAGE_SIZE }) : null,
  );
  // Stats come only with the first page: keep them for the view while paging.
  const [stats, setStats] = useState<{ key: string; stats: Comparison | null } | null>(null);
  const statsKey = JSON.stringify([a, b]);
  useEffect(() => {
    if (page.data && !cursor) setStats({ key: statsKey, stats: page.data.stats });
  }, [page.data]);
  const shownStats = stats?.key === statsKey ? stats.stats : null;

  useEffect(() => {
    document.title = `Compare ${a} and ${b} · evp`;
  }, [a, b]);

  const select = (param: 'a' | 'b', value: string) => updateQuery({ [param]: value, cursor: null });
  const next = page.data?.next ?? null;

  return (
    <section>
      <nav class="crumbs" aria-label="breadcrumbs">
        <a href={routes.experiments()}>Experiments</a> <span aria-hidden="true">/</span>{' '}
        <a href={routes.experiment(id)} class="mono">
          {id}
        </a>{' '}
        <span aria-hidden="true">/</span> compare
      </nav>
      <h1>Compare two models</h1>
      {detail.error !== null && <ErrorBox error={detail.error} />}
      {detail.loading && !detail.data && <Loading what="the experiment" />}
      {detail.data && models.length < 2 && <p class="empty">This experiment has only one model.</p>}
      {models.length >= 2 && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <ModelSelect side="a" value={a} models={models} onPick={(m) => select('a', m)} />
          <button
            type="button"
            title="swap A and B"
            aria-label="swap A and B"
            onClick={() => updateQuery({ a: b, b: a, cursor: null })}
            data-testid="compare-swap"
          >
            ⇄
          </button>
          <ModelSelect side="b" value={b} models={models} onPick={(m) => select('b', m)} />
          <label>
            Rows
            <select
              value={filter}
              onChange={(e) => updateQuery({ filter: (e.target as HTMLSelectElement).value, cursor: null })}
              data-testid="compare-filter"
            >
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        </form>
      )}
      {detail.data && models.length >= 2 && a === b && <p class="error-box">Pick two different models.</p>}
      {shownStats && <StatsBox stats={shownStats} a={a} b={b} />}
      {page.data && !shownStats && !cursor && <p class="muted">No paired statistics for these models.</p>}
      {page.error !== null && <ErrorBox error={page.error} />}
      {ready && page.loading && !page.data && <Loading what="rows" />}
      {page.data && (
        <>
          <div class="table-wrap">
            <table class="data-table compare-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">row</th>
                  <th scope="col">question</th>
                  <th scope="col">A: {a}</th>
                  <th scope="col">B: {b}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.rows.map((r) => {
                  const sa = r.a?.score;
                  const sb = r.b?.score;
                  const winner =
                    typeof sa === 'number' && typeof sb === 'number' && sa !== sb ? (sb > sa ? 'b' : 'a') : '';
                  return (
                    <tr key={r.row_index} data-testid="compare-row" data-row={r.row_index} data-winner={winner}>
                      <td class="mono nowrap">
                        {r.row_id ?? `#${r.row_index}`}
                        <div class="small">
                          <a href={routes.rollout(id, a, r.row_index, 0)}>A</a> ·{' '}
                          <a href={routes.rollout(id, b, r.row_index, 0)}>B</a>
                        </div>
                      </td>
                      <td class="prewrap clip-cell">{r.question ?? DASH}</td>
                      <td class={winner === 'a' ? 'cmp-win' : undefined}>
                        <Answer side={r.a} />
                      </td>
                      <td class={winner === 'b' ? 'cmp-win' : undefined}>
                        <Answer side={r.b} />
                      </td>
                    </tr>
                  );
                })}
                {page.data.rows.length === 0 && (
                  <tr>
                    <td colSpan={4} class="empty">
                      No rows{filter !== 'all' ? ' match this filter' : ''}.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <CursorPager stack={stack} cursor={cursor} next={next} busy={page.loading} />
        </>
      )}
    </section>
  );
}
