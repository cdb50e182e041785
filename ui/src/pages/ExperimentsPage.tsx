// "/experiments": every stored experiment, newest first, server-paginated (next cursor, with
// a stack for Prev), filtered by suite and status; filters and page live in the query
// string. Live: rows update their status and progress in place; a new experiment reloads
// the first page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiUrl } from '../api/client';
import type { ExperimentEvent, ExperimentsPage as ExperimentsPageData } from '../api/types';
import { ExperimentStatusBadge } from '../components/Badges';
import { CursorPager } from '../components/Pager';
import { Progress } from '../components/Progress';
import { ErrorBox, Loading } from '../components/Status';
import { useCursorStack } from '../lib/cursorStack';
import { fmtDate } from '../lib/format';
import { useApi, useLiveEvents } from '../lib/hooks';
import { routes, updateQuery, type Loc } from '../lib/router';
import { throttle } from '../lib/throttle';

const PAGE_SIZE = 50;

export function ExperimentsPage({ loc }: { loc: Loc }) {
  const suite = loc.query.get('suite') ?? '';
  const status = loc.query.get('status') ?? '';
  const cursor = loc.query.get('cursor') ?? '';
  const [suiteDraft, setSuiteDraft] = useState(suite);
  useEffect(() => setSuiteDraft(suite), [suite]);

  const list = useApi<ExperimentsPageData>(
    apiUrl('/api/experiments', { suite, status, cursor, limit: PAGE_SIZE }),
  );
  const stack = useCursorStack(JSON.stringify([suite, status]));
  const [live, setLive] = useState<Record<string, ExperimentEvent>>({});
  const refresh = useRef(throttle(list.reload, 1000)).current;
  useEffect(() => () => refresh.cancel(), []);

  useLiveEvents({
    experiment: (e) => {
      const known = list.data?.experiments.some((x) => x.id === e.id);
      if (known) setLive((prev) => ({ ...prev, [e.id]: e }));
      else if (!cursor) refresh(); // a new experiment: it belongs on the first page
    },
    resync: () => {
      setLive({});
      refresh();
    },
  });

  useEffect(() => {
    document.title = 'Experiments · evp';
  }, []);

  const rows = (list.data?.experiments ?? []).map((x) => ({ ...x, ...(live[x.id] ?? {}) }));
  const next = list.data?.next ?? null;

  return (
    <section>
      <h1>Experiments</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          updateQuery({ suite: suiteDraft.trim(), cursor: null });
        }}
      >
        <label>
          Suite
          <input
            type="search"
            value={suiteDraft}
            placeholder="any suite"
            onInput={(e) => setSuiteDraft((e.target as HTMLInputElement).value)}
            onBlur={() => suiteDraft.trim() !== suite && updateQuery({ suite: suiteDraft.trim(), cursor: null })}
            data-testid="filter-suite"
          />
        </label>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => updateQuery({ status: (e.target as HTMLSelectElement).value, cursor: null })}
            data-testid="filter-status"
          >
            <option value="">any</option>
            <option value="running">running</option>
            <option value="finished">finished</option>
            <option value="interrupted">interrupted</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {list.error !== null && <ErrorBox error={list.error} />}
      {list.loading && !list.data && <Loading what="experiments" />}
      {list.data && (
        <>
          <div class="table-wrap">
            <table class="data-table" data-testid="experiments-table">
              <thead>
                <tr>
                  <th scope="col">experiment</th>
                  <th scope="col">suite</th>
                  <th scope="col">created</th>
                  <th scope="col">status</th>
                  <th scope="col">progress</th>
                  <th scope="col">
                    <span class="sr-only">links</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.id} data-testid="experiment-row" data-id={x.id} data-status={x.status}>
                    <td class="mono">
                      <a href={routes.experiment(x.id)}>{x.id}</a>
                    </td>
                    <td>
                      <a href={routes.experiments({ suite: x.suite })} title="only this suite">
                        {x.suite}
                      </a>
                    </td>
                    <td class="mono nowrap" title={x.created_at}>
                      {fmtDate(x.created_at)}
                    </td>
                    <td>
                      <ExperimentStatusBadge status={x.status} />
                    </td>
                    <td>
                      <Progress done={x.done} total={x.total} />
                    </td>
                    <td class="nowrap">
                      <a href={routes.compare(x.id)}>compare</a>
                    </td>
                  </tr>
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={6} class="empty">
                      No experiments{suite || status ? ' match these filters' : ' stored yet'}.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <CursorPager stack={stack} cursor={cursor} next={next} busy={list.loading} />
        </>
      )}
    </section>
  );
}
