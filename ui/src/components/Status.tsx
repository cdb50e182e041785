// Loading and error states shared by every page.
import { errorText } from '../api/client';

export function Loading({ what }: { what?: string }) {
  return (
    <p class="muted loading" data-testid="loading">
      <span class="spinner" aria-hidden="true" /> Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

export function ErrorBox({ error, testid }: { error: unknown; testid?: string }) {
  return (
    <p class="error-box" role="alert" data-testid={testid ?? 'error'}>
      {errorText(error)}
    </p>
  );
}
