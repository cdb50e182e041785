// The rollouts table of one experiment: filters (model, status, score bounds, text search),
// sort, and server-side pages (Next via the server's cursor, Prev via a stack of cursors).
// Everything but the Prev stack is in the query string, so a link reproduces the view. A text
// search reports how many rows it scanned and offers to continue when the server stopped
// early. Live: refreshed at most once a second while the experiment stores rollouts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiUrl, seg } from '../api/client';
import type { RolloutsPage } from '../api/types';
import { RolloutStatusBadge } from '../components/Badges';
import { CursorPager } from '../components/Pager';
import { ErrorBox, Loading } from '../components/Status';
import { useCursorStack } from '../lib/cursorStack';
import { DASH, fmtCost, fmtInt, fmtMs, fmtScore } from '../lib/format';
import { useApi, useLiveEvents } from '../lib/hooks';
import { navigate, routes, updateQuery, type Loc } from '../lib/router';
import {
  filtersKey,
  readRolloutFilters,
  rolloutsApiParams,
  SORT_OPTIONS,
  STATUS_OPTIONS,
} from '../lib/query';
import { throttle } from '../lib/throttle';

const PAGE_SIZE = 50;

function Clip({ text, max = 140 }: { text?: string | null; max?: number }) {
  if (!text) return <span class="muted">{DASH}</span>;
  const one = text.replace(/\s+/g, ' ').trim();
  return <span title={text}>{one.length > max ? `${one.slice(0, max)}…` : one}</span>;
}

export function RolloutsSection(props: { experimentId: string; models: string[]; loc: Loc }) {
  const { experimentId, models, loc } = props;
  const f = readRolloutFilters(loc.query);
  const key = filtersKey(f);
  const stack = useCursorStack(key);
  const [minDraft, setMinDraft] = useState(f.score_min);
  const [maxDraft, setMaxDraft] = useState(f.score_max);
  const [qDraft, setQDraft] = useState(f.q);
  useEffect(() => {
    setMinDraft(f.score_min);
    setMaxDraft(f.score_max);
    setQDraft(f.q);
  }, [f.score_min, f.score_max, f.q]);

  const page = useApi<RolloutsPage>(
    apiUrl(`/api/experiments/${seg(experimentId)}/rollouts`, rolloutsApiParams(f, PAGE_SIZE)),
  );

  // Rows scanned by a text search before the current page (continued searches add up).
  const scannedBefore = useRef<{ key: string; byCursor: Record<string, number> }>({ key, byCursor: {} });
  if (scannedBefore.current.key !== key) scannedBefore.current = { key, byCursor: {} };
  const before = scannedBefore.current.byCursor[f.cursor] ?? 0;

  const refresh = useRef(throttle(page.reload, 1000)).current;
  useEffect(() => () => refresh.cancel(), []);
  useLiveEvents({
    experiment: (e) => {
      if (e.id === experimentId) refresh();
    },
    resync: () => refresh(),
  });

  // A link from the leaderboard ends in #rollouts: scroll here once the table is there.
  const section = useRef<HTMLElement>(null);
  const scrolled = useRef(false);
  useEffect(() => {
    if (!scrolled.current && page.data && loc.hash === '#rollouts') {
      scrolled.current = true;
      section.current?.scrollIntoView({ block: 'start' });
    }
  }, [page.data]);

  const apply = (changes: Record<string, string>) => updateQuery({ ...changes, cursor: null });
  const next = page.data?.next ?? null;
  const goNext = () => {
    if (next === null) return;
    scannedBefore.current.byCursor[next] = before + (page.data?.scanned ?? 0);
    stack.push(f.cursor);
    updateQuery({ cursor: next });
  };
  const rows = page.data?.rollouts ?? [];
  const searching = f.q !== '' && page.data !== null;
  const searchComplete = page.data?.search_complete !== false;

  return (
    <section ref={section} id="rollouts" aria-labelledby="rollouts-heading">
      <h2 id="rollouts-heading">Rollouts</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ score_min: minDraft.trim(), score_max: maxDraft.trim(), q: qDraft });
        }}
      >
        <label>
          Model
          <select
            value={f.model}
            onChange={(e) => apply({ model: (e.target as HTMLSelectElement).value })}
            data-testid="filter-model"
          >
            <option value="">all models</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            {f.model && !models.includes(f.model) && <option value={f.model}>{f.model}</option>}
          </select>
        </label>
        <label>
          Status
          <select
            value={f.status}
            onChange={(e) => apply({ status: (e.target as HTMLSelectElement).value })}
            data-testid="filter-status"
          >
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Score ≥
          <input
            type="number"
            step="any"
            inputMode="decimal"
            class="narrow"
            value={minDraft}
            onInput={(e) => setMinDraft((e.target as HTMLInputElement).value)}
            data-testid="filter-score-min"
          />
        </label>
        <label>
          Score ≤
          <input
            type="number"
            step="any"
            inputMode="decimal"
            class="narrow"
            value={maxDraft}
            onInput={(e) => setMaxDraft((e.target as HTMLInputElement).value)}
            data-testid="filter-score-max"
          />
        </label>
        <label class="grow">
          Text in messages
          <input
            type="search"
            value={qDraft}
            placeholder="text in the row (any case)"
            onInput={(e) => setQDraft((e.target as HTMLInputElement).value)}
            data-testid="filter-q"
          />
        </label>
        <label>
          Sort
          <select
            value={f.sort}
            onChange={(e) => apply({ sort: (e.target as HTMLSelectElement).value })}
            data-testid="filter-sort"
          >
            {SORT_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" data-testid="filter-apply">
          Apply
        </button>
        {(f.model || f.status || f.score_min || f.score_max || f.q || f.sort) && (
          <button
            type="button"
            onClick={() => apply({ model: '', status: '', score_min: '', score_max: '', q: '', sort: '' })}
            data-testid="filter-clear"
          >
            Clear
          </button>
        )}
      </form>

      {searching && (
        <p class={searchComplete ? 'search-status muted' : 'search-status'} data-testid="search-status">
          searched {fmtInt(before + (page.data?.scanned ?? 0))} rows
          {!searchComplete && (
            <>
              {' '}
              without reaching the end,{' '}
              <button type="button" class="link-button" onClick={goNext} data-testid="search-continue">
                continue searching
              </button>
            </>
          )}
        </p>
      )}

      {page.error !== null && <ErrorBox error={page.error} testid="rollouts-error" />}
      {page.loading && !page.data && <Loading what="rollouts" />}
      {page.data && (
        <div class="table-wrap">
          <table class="data-table rollouts-table" data-testid="rollouts-table" aria-busy={page.loading}>
            <thead>
              <tr>
                <th scope="col">model</th>
                <th scope="col">row</th>
                <th scope="col" class="num">run</th>
                <th scope="col">status</th>
                <th scope="col" class="num">score</th>
                <th scope="col">question</th>
                <th scope="col">answer</th>
                <th scope="col" class="num">latency</th>
                <th scope="col" class="num" title="prompt / completion tokens">
                  tokens
                </th>
                <th scope="col" class="num">cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const link = routes.rollout(experimentId, r.model, r.row_index, r.run);
                return (
                  <tr
                    key={`${r.model}\u0000${r.row_index}\u0000${r.run}`}
                    class="clickable"
                    data-testid="rollout-row"
                    data-model={r.model}
                    data-row={r.row_index}
                    data-run={r.run}
                    onClick={(e) => {
                      if ((e.target as Element).closest('a, button')) return;
                      if (window.getSelection()?.toString()) return; // selecting text, not navigating
                      navigate(link);
                    }}
                  >
                    <td class="mono">{r.model}</td>
                    <td class="mono nowrap">
                      <a href={link} data-testid="rollout-link">
                        {r.row_id ?? `#${r.row_index}`}
                      </a>
                      {r.row_id !== undefined && r.row_id !== null && <span class="muted"> #{r.row_index}</span>}
                    </td>
                    <td class="num mono">{r.run}</td>
                    <td>
                      <RolloutStatusBadge status={r.status} code={r.status_code} valid={r.score_valid} />
                    </td>
                    <td class="num mono strong" data-testid="rollout-score">
                      {r.score_valid === false ? <span class="muted">{DASH}</span> : fmtScore(r.score)}
                    </td>
                    <td class="text-cell">
                      <Clip text={r.question} />
                    </td>
                    <td class="text-cell">
                      <Clip text={r.answer} />
                    </td>
                    <td class="num mono nowrap">{fmtMs(r.latency_ms)}</td>
                    <td class="num mono nowrap">
                      {fmtInt(r.prompt_tokens)} / {fmtInt(r.completion_tokens)}
                    </td>
                    <td class="num mono nowrap">{fmtCost(r.cost_usd)}</td>
                  </tr>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={10} class="empty" data-testid="rollouts-empty">
                    {searching && !searchComplete
                      ? 'No match in the rows searched so far.'
                      : 'No rollouts match these filters.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {page.data && (
        <CursorPager stack={stack} cursor={f.cursor} next={next} busy={page.loading} withFirst onNext={goNext} />
      )}
    </section>
  );
}
