// Unit tests of the shared live connection (src/api/events.ts) against a scripted stand-in for
// the browser's EventSource: events reach their subscribers, the state follows the
// connection, and every open after the first asks the pages to read their data again
// (events sent while the connection was down are lost).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

class ScriptedEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static last: ScriptedEventSource | null = null;
  readyState = ScriptedEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: { data: string }) => void>();
  constructor(readonly url: string) {
    ScriptedEventSource.last = this;
  }
  addEventListener(name: string, listener: (e: { data: string }) => void): void {
    this.listeners.set(name, listener);
  }
  close(): void {
    this.readyState = ScriptedEventSource.CLOSED;
  }
  // What the browser does:
  open(): void {
    this.readyState = ScriptedEventSource.OPEN;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = ScriptedEventSource.CONNECTING; // it reconnects by itself
    this.onerror?.();
  }
  send(name: string, data: unknown): void {
    this.listeners.get(name)?.({ data: JSON.stringify(data) });
  }
}

describe('live connection', () => {
  beforeEach(() => {
    vi.resetModules(); // events.ts keeps module state: a fresh copy per test
    vi.stubGlobal('EventSource', ScriptedEventSource);
    vi.stubGlobal('window', globalThis);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('delivers events and asks for a resync after each reconnection only', async () => {
    const live = await import('../src/api/events');
    const states: string[] = [];
    const experiments: unknown[] = [];
    let resyncs = 0;
    live.onLiveState((s) => states.push(s));
    live.subscribeLive('experiment', (e) => experiments.push(e));
    live.subscribeLive('resync', () => resyncs++);

    live.connectLive();
    const es = ScriptedEventSource.last!;
    expect(es.url).toBe('/api/events');
    es.open();
    expect(resyncs).toBe(0); // the first open: the pages just loaded their data
    es.send('experiment', { id: 'exp-1', done: 3 });
    expect(experiments).toEqual([{ id: 'exp-1', done: 3 }]);

    es.drop();
    expect(live.getLiveState()).toBe('connecting');
    es.open();
    expect(resyncs).toBe(1);
    // The current state at subscription, then every change.
    expect(states).toEqual(['connecting', 'live', 'connecting', 'live']);
  });

  it('tells a listener that subscribes after the connection opened that it is live', async () => {
    const live = await import('../src/api/events');
    live.connectLive();
    ScriptedEventSource.last!.open();
    // As the header's indicator does: it rendered with the state of before, subscribes later.
    const seen: string[] = [];
    live.onLiveState((s) => seen.push(s));
    expect(seen).toEqual(['live']);
  });

  it('retries every 5 s after the browser gives up, and resyncs when back', async () => {
    const live = await import('../src/api/events');
    let resyncs = 0;
    live.subscribeLive('resync', () => resyncs++);
    live.connectLive();
    const first = ScriptedEventSource.last!;
    first.open();
    first.readyState = ScriptedEventSource.CLOSED;
    first.onerror?.();
    expect(live.getLiveState()).toBe('offline');
    vi.advanceTimersByTime(4999);
    expect(ScriptedEventSource.last).toBe(first);
    vi.advanceTimersByTime(1);
    const second = ScriptedEventSource.last!;
    expect(second).not.toBe(first);
    second.open();
    expect(live.getLiveState()).toBe('live');
    expect(resyncs).toBe(1);
  });
});
