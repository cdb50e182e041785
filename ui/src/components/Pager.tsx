// Prev / Next buttons for server-side pages. Next is enabled when the server returned a
// `next` cursor; Prev when a previous page is known (the cursor stack) or we are past page 1.
import type { CursorStack } from '../lib/cursorStack';
import { updateQuery } from '../lib/router';

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

/**
 * The Pager of a keyset-paged list whose cursor lives in the URL's `cursor` parameter: Next
 * remembers the current cursor on the stack and moves to the server's `next`; Prev returns
 * to the remembered one. `onNext` replaces the default Next (a page that must note more).
 */
export function CursorPager(props: {
  stack: CursorStack;
  cursor: string;
  next: string | null;
  busy?: boolean;
  withFirst?: boolean;
  onNext?: () => void;
}) {
  const { stack, cursor, next } = props;
  return (
    <Pager
      canPrev={stack.depth > 0 || cursor !== ''}
      canNext={next !== null}
      busy={props.busy}
      label={stack.depth > 0 || !cursor ? `page ${stack.depth + 1}` : undefined}
      onFirst={
        props.withFirst
          ? () => {
              stack.clear();
              updateQuery({ cursor: null });
            }
          : undefined
      }
      onPrev={() => updateQuery({ cursor: stack.pop() ?? '' })}
      onNext={
        props.onNext ??
        (() => {
          if (next === null) return;
          stack.push(cursor);
          updateQuery({ cursor: next });
        })
      }
    />
  );
}
