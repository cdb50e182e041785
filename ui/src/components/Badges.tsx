// Small status labels: pass/fail against a suite's threshold, an experiment's status, and a
// rollout's status (finished, error code, invalid score).

export function PassBadge({ passed }: { passed?: boolean | null }) {
  if (passed === true) {
    return (
      <span class="badge badge-pass" data-testid="pass-badge" data-passed="true">
        PASS
      </span>
    );
  }
  if (passed === false) {
    return (
      <span class="badge badge-fail" data-testid="pass-badge" data-passed="false">
        FAIL
      </span>
    );
  }
  return null;
}

const EXPERIMENT_STATUS_CLASS: Record<string, string> = {
  running: 'badge-running',
  finished: 'badge-pass',
  interrupted: 'badge-warn',
  failed: 'badge-fail',
};

export function ExperimentStatusBadge({ status }: { status?: string }) {
  const s = status ?? 'unknown';
  return (
    <span class={`badge ${EXPERIMENT_STATUS_CLASS[s] ?? ''}`} data-testid="experiment-status">
      {s === 'running' && <span class="pulse" aria-hidden="true" />}
      {s}
    </span>
  );
}

export function RolloutStatusBadge(props: { status?: string; code?: number; valid?: boolean }) {
  const { status, code, valid } = props;
  if (code === 100 || status === 'finished') {
    if (valid === false) return <span class="badge badge-warn">invalid</span>;
    return <span class="badge badge-quiet">ok</span>;
  }
  return (
    <span class="badge badge-fail" title={code !== undefined ? `status code ${code}` : undefined}>
      {status && status !== 'error' ? status : 'error'}
      {code !== undefined ? ` ${code}` : ''}
    </span>
  );
}
