// "/experiments/:id/rollout?model=&row=&run=": one rollout in full. Status and error, score
// and every evaluator's metric with its reason, usage, cost and timings, the conversation,
// ground truth, annotations (list and a form; writing needs the token), the raw row as JSON
// and "Copy as EP row".
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, ApiError, errorText, postJson, seg } from '../api/client';
import { requestToken } from '../api/token';
import type { Annotation, EpRow, RolloutDetail } from '../api/types';
import { RolloutStatusBadge } from '../components/Badges';
import { Conversation } from '../components/Conversation';
import { JsonView } from '../components/JsonView';
import { ErrorBox, Loading } from '../components/Status';
import { DASH, fmtCost, fmtDate, fmtInt, fmtMs, fmtScore, fmtSeconds, fmtValue } from '../lib/format';
import { useApi } from '../lib/hooks';
import { asMessages, pretty } from '../lib/messages';
import { routes, type Loc } from '../lib/router';

function Fact({ label, children, testid }: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div class="fact" data-testid={testid}>
      <dt>{label}</dt>
      <dd class="mono">{children}</dd>
    </div>
  );
}

function EvaluationView({ row }: { row: EpRow }) {
  const ev = row.evaluation_result;
  if (!ev) return <p class="muted">Not evaluated.</p>;
  const metrics = Object.entries(ev.metrics ?? {});
  return (
    <>
      <p class="eval-summary">
        <span class="strong mono" data-testid="evaluation-score">
          {fmtScore(ev.score)}
        </span>{' '}
        {ev.is_score_valid === false && <span class="badge badge-warn">score not valid</span>}{' '}
        {ev.reason && <span class="prewrap">{ev.reason}</span>}
      </p>
      {metrics.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="metrics-table">
            <thead>
              <tr>
                <th scope="col">evaluator</th>
                <th scope="col" class="num">score</th>
                <th scope="col">valid</th>
                <th scope="col">reason</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map(([name, m]) => (
                <tr key={name} data-testid="metric-row" data-metric={name}>
                  <td class="mono">{name}</td>
                  <td class="num mono strong">{fmtScore(m?.score)}</td>
                  <td>{m?.is_score_valid === false ? <span class="badge badge-warn">no</span> : 'yes'}</td>
                  <td class="prewrap">
                    {m?.reason ?? <span class="muted">{DASH}</span>}
                    {m?.data !== undefined && m?.data !== null && (
                      <JsonView value={m.data} summary="data" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AnnotationsView(props: { experimentId: string; model: string; row: number; run: number; initial?: Annotation[] }) {
  const [items, setItems] = useState<Annotation[]>(props.initial ?? []);
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setItems(props.initial ?? []), [props.initial]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!label.trim() && !note.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await postJson<Annotation>(`/api/experiments/${seg(props.experimentId)}/annotations`, {
        model: props.model,
        row_index: props.row,
        run: props.run,
        label: label.trim(),
        note: note.trim(),
      });
      setItems((prev) => [...prev, saved]);
      setLabel('');
      setNote('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setError('A write token is needed to annotate: paste the token evp ui printed at start.');
        requestToken();
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {items.length === 0 ? (
        <p class="muted">No annotations yet.</p>
      ) : (
        <ul class="annotations" data-testid="annotation-list">
          {items.map((a) => (
            <li key={a.id} data-testid="annotation-item">
              {a.label && <span class="badge badge-label">{a.label}</span>}{' '}
              {a.note && <span class="prewrap">{a.note}</span>}{' '}
              <span class="muted small" title={a.created_at}>
                {fmtDate(a.created_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form class="annotation-form" onSubmit={submit}>
        <label>
          Label
          <input
            type="text"
            maxLength={1000}
            value={label}
            placeholder="e.g. wrong-format"
            onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
            data-testid="annotation-label"
          />
        </label>
        <label class="grow">
          Note
          <textarea
            maxLength={1000}
            rows={2}
            value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
            data-testid="annotation-note"
          />
        </label>
        <button
          type="submit"
          class="primary"
          disabled={busy || (!label.trim() && !note.trim())}
          data-testid="annotation-submit"
        >
          Add annotation
        </button>
      </form>
      {error && (
        <p class="error-box" role="alert" data-testid="annotation-error">
          {error}
        </p>
      )}
    </>
  );
}

function CopyRowButton({ row }: { row: EpRow }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(row));
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" onClick={copy} data-testid="copy-row">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy as EP row'}
    </button>
  );
}

export function RolloutPage({ id, loc }: { id: string; loc: Loc }) {
  const model = loc.query.get('model') ?? '';
  const row = loc.query.get('row') ?? '';
  const run = loc.query.get('run') ?? '0';
  const url = model && row !== '' ? apiUrl(`/api/experiments/${seg(id)}/rollout`, { model, row, run }) : null;
  const detail = useApi<RolloutDetail>(url);

  useEffect(() => {
    document.title = `${model} row ${row} run ${run} · evp`;
  }, [model, row, run]);

  const crumbs = (
    <nav class="crumbs" aria-label="breadcrumbs">
      <a href={routes.experiments()}>Experiments</a> <span aria-hidden="true">/</span>{' '}
      <a href={routes.experiment(id)} class="mono">
        {id}
      </a>{' '}
      <span aria-hidden="true">/</span>{' '}
      <a href={`${routes.experiment(id, { model })}#rollouts`} class="mono">
        {model || '?'}
      </a>{' '}
      <span aria-hidden="true">/</span> <span class="mono">row {row} run {run}</span>
    </nav>
  );

  if (!url) {
    return (
      <section>
        {crumbs}
        <p class="error-box">This link needs model, row and run in its query string.</p>
      </section>
    );
  }
  if (detail.error !== null) {
    return (
      <section>
        {crumbs}
        <ErrorBox error={detail.error} />
      </section>
    );
  }
  const d = detail.data;
  if (!d) return <Loading what="the rollout" />;

  const epRow: EpRow = d.row ?? {};
  const exec = epRow.execution_metadata ?? {};
  const evp = (exec.extra?.evp ?? {}) as Record<string, unknown>;
  const rs = epRow.rollout_status;
  const failed = (d.status_code ?? rs?.code) !== undefined && (d.status_code ?? rs?.code) !== 100;
  const usage = exec.usage ?? {};
  const cost = exec.cost_metrics ?? {};
  const evpExtras = Object.entries(evp).filter(([k]) => !['model', 'run'].includes(k));

  return (
    <section data-testid="rollout-page">
      {crumbs}
      <header class="page-head">
        <h1>
          <span class="mono">{d.row_id ?? epRow.input_metadata?.row_id ?? `row ${d.row_index}`}</span>{' '}
          <span class="muted small">
            {d.model} · row #{d.row_index} · run {d.run}
          </span>
        </h1>
        <div class="head-facts">
          <span data-testid="rollout-status">
            <RolloutStatusBadge status={d.status} code={d.status_code ?? rs?.code} valid={d.score_valid} />
          </span>
          <span>
            score{' '}
            <span class="strong mono" data-testid="rollout-score">
              {d.score_valid === false ? 'not valid' : fmtScore(d.score)}
            </span>
          </span>
          <CopyRowButton row={epRow} />
        </div>
      </header>

      {(failed || (rs?.message && rs.code !== 100)) && (
        <p class="error-box" data-testid="rollout-error">
          <strong>Status {rs?.code ?? d.status_code}:</strong> {rs?.message ?? d.status ?? 'error'}
        </p>
      )}

      <dl class="facts">
        <Fact label="status">{rs ? `${rs.code ?? DASH} ${rs.message ?? ''}` : (d.status ?? DASH)}</Fact>
        <Fact label="latency">{fmtMs(d.latency_ms)}</Fact>
        <Fact label="tokens (prompt / completion)">
          {fmtInt(d.prompt_tokens ?? usage.prompt_tokens)} / {fmtInt(d.completion_tokens ?? usage.completion_tokens)}
        </Fact>
        <Fact label="cost">{fmtCost(d.cost_usd ?? cost.total_cost_dollar)}</Fact>
        {((d.judge_prompt_tokens ?? 0) > 0 || (d.judge_cost_usd ?? 0) > 0) && (
          <Fact label="judges (tokens / cost)">
            {fmtInt((d.judge_prompt_tokens ?? 0) + (d.judge_completion_tokens ?? 0))} / {fmtCost(d.judge_cost_usd)}
          </Fact>
        )}
        {typeof exec.rollout_duration_seconds === 'number' && (
          <Fact label="rollout duration">{fmtSeconds(exec.rollout_duration_seconds)}</Fact>
        )}
        {typeof exec.duration_seconds === 'number' && <Fact label="duration">{fmtSeconds(exec.duration_seconds)}</Fact>}
        {typeof exec.eval_duration_seconds === 'number' && (
          <Fact label="evaluation duration">{fmtSeconds(exec.eval_duration_seconds)}</Fact>
        )}
        {typeof exec.finish_reason === 'string' && <Fact label="finish reason">{exec.finish_reason}</Fact>}
        {evpExtras.map(([k, v]) => (
          <Fact key={k} label={k.replace(/_/g, ' ')}>
            {k.endsWith('_ms') ? fmtMs(v) : k.endsWith('_seconds') ? fmtSeconds(v) : fmtValue(v)}
          </Fact>
        ))}
        {exec.rollout_id && <Fact label="rollout id">{exec.rollout_id}</Fact>}
        <Fact label="stored">{fmtDate(d.created_at ?? epRow.created_at)}</Fact>
      </dl>

      <h2>Evaluation</h2>
      <EvaluationView row={epRow} />

      <h2>Conversation</h2>
      <Conversation messages={asMessages(epRow.messages)} />

      {epRow.ground_truth !== undefined && epRow.ground_truth !== null && (
        <>
          <h2>Ground truth</h2>
          <pre class="mono block" data-testid="ground-truth">
            {typeof epRow.ground_truth === 'string' ? epRow.ground_truth : pretty(epRow.ground_truth)}
          </pre>
        </>
      )}
      {epRow.tools !== undefined && epRow.tools !== null && <JsonView value={epRow.tools} summary="Tools offered" />}

      <h2>Annotations</h2>
      <AnnotationsView
        experimentId={id}
        model={d.model}
        row={d.row_index}
        run={d.run}
        initial={d.annotations}
      />

      <h2>Raw row</h2>
      <JsonView value={epRow} summary="Eval Protocol row (JSON)" testid="raw-json" />
    </section>
  );
}
