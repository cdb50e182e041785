// "/experiments/:id": one experiment. Header (suite, status, progress done/total, version,
// config), the per-model report, charts (score per model, latency distribution), and the
// rollouts table. Live: progress and status update from /api/events; the report is reloaded
// when the status changes (e.g. running -> finished) and every 10 s while it runs.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { seg } from '../api/client';
import type { ExperimentDetail, ExperimentEvent, LatencyBucket, ReportModel } from '../api/types';
import { ExperimentStatusBadge, PassBadge } from '../components/Badges';
import { ChartCanvas } from '../components/ChartCanvas';
import { JsonView } from '../components/JsonView';
import { Progress } from '../components/Progress';
import { ErrorBox, Loading } from '../components/Status';
import { latencyHistogramConfig, modelScoresConfig } from '../charts/configs';
import { fmtDate } from '../lib/format';
import { useApi, useLiveEvents } from '../lib/hooks';
import { routes, type Loc } from '../lib/router';
import { throttle } from '../lib/throttle';
import { ReportTable } from './ReportTable';
import { RolloutsSection } from './RolloutsSection';

/** Each model's latency histogram from its report row (`latency_ms.histogram`). */
function latencyHistograms(models: ReportModel[]): Record<string, LatencyBucket[]> {
  const out: Record<string, LatencyBucket[]> = {};
  for (const m of models) {
    const h = m.latency_ms?.histogram;
    if (m.model && h && h.length) out[m.model] = h;
  }
  return out;
}

export function ExperimentPage({ id, loc }: { id: string; loc: Loc }) {
  const detail = useApi<ExperimentDetail>(`/api/experiments/${seg(id)}`);
  const [live, setLive] = useState<ExperimentEvent | null>(null);
  // The report is recomputed by the server: reload it when the status changes, and at most
  // every 10 s while rollouts are being stored.
  const reloadReport = useRef(throttle(detail.reload, 1000)).current;
  const reloadRunningReport = useRef(throttle(detail.reload, 10_000)).current;
  useEffect(
    () => () => {
      reloadReport.cancel();
      reloadRunningReport.cancel();
    },
    [],
  );

  const exp = detail.data ? { ...detail.data.experiment, ...(live ?? {}) } : null;
  useLiveEvents({
    experiment: (e) => {
      if (e.id !== id) return;
      const previous = live?.status ?? detail.data?.experiment.status;
      setLive(e);
      if (e.status && previous && e.status !== previous) reloadReport();
      else reloadRunningReport();
    },
    resync: () => {
      setLive(null);
      reloadReport();
    },
  });

  useEffect(() => {
    document.title = `${id} · evp`;
  }, [id]);

  const report = detail.data?.report ?? null;
  const reportModels = report?.models ?? [];
  const scoreChart = useMemo(() => modelScoresConfig(reportModels), [detail.data]);
  const hist = latencyHistograms(reportModels);
  const latencyChart = useMemo(
    () => (hist && Object.keys(hist).length ? latencyHistogramConfig(hist, reportModels.map((m) => m.model)) : null),
    [detail.data],
  );
  const models = detail.data?.models ?? reportModels.map((m) => m.model);

  if (detail.error !== null && !detail.data) {
    return (
      <section>
        <h1 class="mono">{id}</h1>
        <ErrorBox error={detail.error} />
        <p>
          <a href={routes.experiments()}>All experiments</a>
        </p>
      </section>
    );
  }
  if (!exp) return <Loading what="the experiment" />;

  return (
    <section>
      <nav class="crumbs" aria-label="breadcrumbs">
        <a href={routes.experiments()}>Experiments</a> <span aria-hidden="true">/</span>{' '}
        <span class="mono">{id}</span>
      </nav>
      <header class="page-head" data-testid="experiment-header">
        <h1>
          <a href={routes.experiments({ suite: exp.suite })}>{exp.suite}</a>{' '}
          <span class="muted mono small">{exp.id}</span>
        </h1>
        <div class="head-facts">
          <ExperimentStatusBadge status={exp.status} />
          <Progress done={exp.done} total={exp.total} />
          <span class="muted" title={exp.created_at}>
            created {fmtDate(exp.created_at)}
          </span>
          {exp.evp_version && <span class="muted">evp {exp.evp_version}</span>}
          {typeof report?.runs === 'number' && <span class="muted">{report.runs} runs per row</span>}
          {report && typeof report.passed === 'boolean' && (
            <span>
              threshold <PassBadge passed={report.passed} />
            </span>
          )}
          {models.length >= 2 && (
            <a href={routes.compare(id)} class="button-link" data-testid="compare-link">
              Compare models
            </a>
          )}
        </div>
        {exp.config !== undefined && exp.config !== null && (
          <JsonView value={exp.config} summary="Suite configuration (as stored)" testid="experiment-config" />
        )}
      </header>

      <h2>Report</h2>
      {reportModels.length > 0 ? (
        <ReportTable models={reportModels} experimentId={id} />
      ) : (
        <p class="empty">No model has stored rollouts yet.</p>
      )}

      {reportModels.length > 0 && (
        <div class="chart-grid">
          <ChartCanvas config={scoreChart} label="Mean score per model (95% CI)" testid="chart-model-scores" />
          {latencyChart && (
            <ChartCanvas config={latencyChart} label="Latency distribution" testid="chart-latency" />
          )}
        </div>
      )}

      <RolloutsSection experimentId={id} models={models} loc={loc} />
    </section>
  );
}
