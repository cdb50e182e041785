// Progress of an experiment: done/total as text and a thin bar (width via CSSOM).

export function Progress(props: { done?: number; total?: number; testid?: string }) {
  const done = props.done ?? 0;
  const total = props.total ?? 0;
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <span
      class="progress"
      data-testid={props.testid ?? 'experiment-progress'}
      data-done={done}
      data-total={total}
    >
      <span
        class="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label="rollouts done"
      >
        <span class="progress-fill" style={{ width: `${frac * 100}%` }} />
      </span>
      <span class="progress-text mono">
        {done.toLocaleString('en-US')}/{total.toLocaleString('en-US')}
      </span>
    </span>
  );
}
