// A collapsible, pretty-printed JSON block (native <details>, closed by default).
import { pretty } from '../lib/messages';

export function JsonView(props: { value: unknown; summary: string; open?: boolean; testid?: string }) {
  return (
    <details class="json-view" open={props.open} data-testid={props.testid}>
      <summary>{props.summary}</summary>
      <pre class="mono">{pretty(props.value)}</pre>
    </details>
  );
}
