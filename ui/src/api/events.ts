// The live connection: one EventSource on /api/events shared by the whole app. Pages
// subscribe to `experiment` and `battles` events; the header shows the connection state.
// EventSource reconnects by itself; when the browser gives up (CLOSED) we retry every 5 s.
// Events sent while the connection was down are lost, so every open after the first tells
// the `resync` subscribers to read their data again.
import type { BattlesEvent, ExperimentEvent } from './types';

export type LiveState = 'connecting' | 'live' | 'offline';

interface EventMap {
  experiment: ExperimentEvent;
  battles: BattlesEvent;
  resync: null;
}

type Handler<K extends keyof EventMap> = (data: EventMap[K]) => void;

const handlers: { [K in keyof EventMap]: Set<Handler<K>> } = {
  experiment: new Set(),
  battles: new Set(),
  resync: new Set(),
};
const stateListeners = new Set<(s: LiveState) => void>();
let state: LiveState = 'connecting';
let source: EventSource | null = null;
let retryTimer: number | undefined;
let openedBefore = false;

function setState(s: LiveState): void {
  if (s === state) return;
  state = s;
  stateListeners.forEach((l) => l(s));
}

function dispatch<K extends keyof EventMap>(name: K, raw: string): void {
  let data: EventMap[K];
  try {
    data = JSON.parse(raw) as EventMap[K];
  } catch {
    return;
  }
  handlers[name].forEach((h) => h(data));
}

export function connectLive(): void {
  if (source || typeof EventSource === 'undefined') return;
  setState('connecting');
  const es = new EventSource('/api/events');
  source = es;
  es.onopen = () => {
    setState('live');
    if (openedBefore) handlers.resync.forEach((h) => h(null));
    openedBefore = true;
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      setState('offline');
      es.close();
      source = null;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(connectLive, 5000);
    } else {
      setState('connecting');
    }
  };
  es.addEventListener('experiment', (e) => dispatch('experiment', (e as MessageEvent).data));
  es.addEventListener('battles', (e) => dispatch('battles', (e as MessageEvent).data));
}

export function subscribeLive<K extends keyof EventMap>(name: K, handler: Handler<K>): () => void {
  handlers[name].add(handler);
  return () => handlers[name].delete(handler);
}

export function getLiveState(): LiveState {
  return state;
}

/**
 * Calls `listener` with the current state at once, then on every change. (A component that
 * read the state while rendering and subscribed in an effect would miss a change in between,
 * e.g. the connection opening before the effect ran, and show "connecting" for good.)
 */
export function onLiveState(listener: (s: LiveState) => void): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}
