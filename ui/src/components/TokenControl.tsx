// The header's "Write token" control: paste the token `evp ui` printed at start; it is kept
// in sessionStorage and sent only with POSTs (votes, annotations). Opens by itself when a
// write got a 401.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getToken, onTokenChange, onTokenRequest, setToken } from '../api/token';

export function TokenControl() {
  const [token, setTokenState] = useState(getToken());
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const offChange = onTokenChange(() => setTokenState(getToken()));
    const offRequest = onTokenRequest(() => setOpen(true));
    return () => {
      offChange();
      offRequest();
    };
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const save = (e: Event) => {
    e.preventDefault();
    setToken(draft);
    setDraft('');
    setOpen(false);
  };

  return (
    <div class="token-control">
      <button
        type="button"
        class={token ? 'token-button has-token' : 'token-button'}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="token-button"
      >
        Write token: <span data-testid="token-state">{token ? 'set' : 'not set'}</span>
      </button>
      {open && (
        <form
          class="token-popover"
          onSubmit={save}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <label for="token-input">
            Paste the token that <code>evp ui</code> printed at start. It stays in this tab
            only and is sent with votes and annotations.
          </label>
          <input
            id="token-input"
            ref={input}
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            data-testid="token-input"
          />
          <div class="row-gap">
            <button type="submit" class="primary" disabled={!draft.trim()} data-testid="token-save">
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setToken('');
                setOpen(false);
              }}
              disabled={!token}
              data-testid="token-clear"
            >
              Forget token
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
