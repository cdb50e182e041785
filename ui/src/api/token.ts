// The write token: pasted once by the user (evp ui prints it at start), kept in
// sessionStorage for this tab, sent only with POSTs. Components subscribe to changes, and
// anything that got a 401 asks the header's token control to open.

const STORAGE_KEY = 'evp.writeToken';

type Listener = () => void;
const listeners = new Set<Listener>();
const openRequests = new Set<Listener>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token lives in memory only
  }
}

let memoryToken = storage()?.getItem(STORAGE_KEY) ?? '';

export function getToken(): string {
  return memoryToken;
}

export function setToken(token: string): void {
  memoryToken = token.trim();
  const s = storage();
  if (s) {
    if (memoryToken) s.setItem(STORAGE_KEY, memoryToken);
    else s.removeItem(STORAGE_KEY);
  }
  listeners.forEach((l) => l());
}

export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Ask the header's token control to open (after a 401). */
export function requestToken(): void {
  openRequests.forEach((l) => l());
}

export function onTokenRequest(listener: Listener): () => void {
  openRequests.add(listener);
  return () => openRequests.delete(listener);
}
