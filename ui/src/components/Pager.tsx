// Prev / Next buttons for server-side pages. Next is enabled when the server returned a
// `next` cursor; Prev when a previous page is known (the cursor stack) or we are past page 1.

export function Pager(props: {
  canPrev: boolean;
  canNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  onFirst?: () => void;
  label?: string;
  busy?: boolean;
}) {
  return (
    <nav class="pager" aria-label="pages">
      {props.onFirst && (
        <button type="button" onClick={props.onFirst} disabled={!props.canPrev} data-testid="page-first">
          « First
        </button>
      )}
      <button type="button" onClick={props.onPrev} disabled={!props.canPrev} data-testid="page-prev">
        ‹ Prev
      </button>
      {props.label && <span class="pager-label">{props.label}</span>}
      <button type="button" onClick={props.onNext} disabled={!props.canNext} data-testid="page-next">
        Next ›
      </button>
      {props.busy && <span class="spinner" aria-label="loading" />}
    </nav>
  );
}
