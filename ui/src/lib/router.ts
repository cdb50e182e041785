// Client-side routing on the History API. The server answers index.html for every non-/api
// path, so a reload or a pasted link lands here and the route is read from location. Plain
// <a href="/..."> links are intercepted at the document (left click without modifiers), so
// links still open in a new tab with a middle click.
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  query: URLSearchParams;
  hash: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Loc {
  return {
    path: window.location.pathname,
    query: new URLSearchParams(window.location.search),
    hash: window.location.hash,
  };
}

// Read lazily, so pure helpers (matchRoute, href) work outside a browser, e.g. in unit tests.
let current: Loc | null = null;
const currentLoc = (): Loc => (current ??= read());

function emit(): void {
  current = read();
  listeners.forEach((l) => l());
}

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  const before = window.location.pathname;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  if (!opts.replace && window.location.pathname !== before) window.scrollTo(0, 0);
  emit();
}

/** Changes query parameters of the current page in place (replaceState). */
export function updateQuery(changes: Record<string, string | null | undefined>): void {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(window.location.pathname + (s ? `?${s}` : '') + window.location.hash, { replace: true });
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(currentLoc);
  useEffect(() => {
    const l = () => setLoc(currentLoc());
    listeners.add(l);
    if (loc !== currentLoc()) l();
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}

export function startRouter(): void {
  window.addEventListener('popstate', emit);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  });
}

export type RouteMatch =
  | { page: 'leaderboard' }
  | { page: 'experiments' }
  | { page: 'experiment'; id: string }
  | { page: 'rollout'; id: string }
  | { page: 'compare'; id: string }
  | { page: 'arena' }
  | { page: 'not-found' };

export function matchRoute(path: string): RouteMatch {
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { page: 'leaderboard' };
  if (parts[0] === 'arena' && parts.length === 1) return { page: 'arena' };
  if (parts[0] === 'experiments') {
    if (parts.length === 1) return { page: 'experiments' };
    const id = parts[1];
    if (parts.length === 2) return { page: 'experiment', id };
    if (parts.length === 3 && parts[2] === 'rollout') return { page: 'rollout', id };
    if (parts.length === 3 && parts[2] === 'compare') return { page: 'compare', id };
  }
  return { page: 'not-found' };
}

export type QueryValue = string | number | boolean | null | undefined;

/** Path plus query string; null, undefined and '' values are left out. App links and API URLs. */
export function href(path: string, params: Record<string, QueryValue> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const routes = {
  leaderboard: () => '/',
  experiments: (params: { suite?: string } = {}) => href('/experiments', params),
  experiment: (id: string, params: Record<string, string | number | null | undefined> = {}) =>
    href(`/experiments/${encodeURIComponent(id)}`, params),
  rollout: (id: string, model: string, row: number, run: number) =>
    href(`/experiments/${encodeURIComponent(id)}/rollout`, { model, row, run }),
  compare: (id: string, params: Record<string, string | null | undefined> = {}) =>
    href(`/experiments/${encodeURIComponent(id)}/compare`, params),
  arena: () => '/arena',
};
