// Data hooks: useApi fetches a URL (aborting the previous request when the URL changes) and
// keeps the last good data while reloading, so live refreshes never blank a table;
// useLiveEvent subscribes to /api/events for the lifetime of a component.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from '../api/client';
import { subscribeLive } from '../api/events';
import type { BattlesEvent, ExperimentEvent } from '../api/types';

export interface ApiState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Refetches the same URL, keeping the current data on screen meanwhile. */
  reload: () => void;
}

export function useApi<T>(url: string | null): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);
  const lastUrl = useRef<string | null>(null);

  useEffect(() => {
    if (url === null) {
      setData(null);
      setLoading(false);
      return undefined;
    }
    const urlChanged = lastUrl.current !== url;
    lastUrl.current = url;
    if (urlChanged) setError(null);
    setLoading(true);
    const ctrl = new AbortController();
    getJson<T>(url, ctrl.signal).then(
      (d) => {
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if ((e as Error)?.name === 'AbortError') return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [url, tick]);

  const reload = useRef(() => setTick((t) => t + 1)).current;
  return { data, error, loading, reload };
}

type LiveHandlers = {
  experiment?: (e: ExperimentEvent) => void;
  battles?: (e: BattlesEvent) => void;
  // The connection is back after a drop: events may have been missed, read the data again.
  resync?: () => void;
};

/** Subscribes to live events; handlers may change between renders without resubscribing. */
export function useLiveEvents(handlers: LiveHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const offA = subscribeLive('experiment', (e) => ref.current.experiment?.(e));
    const offB = subscribeLive('battles', (e) => ref.current.battles?.(e));
    const offC = subscribeLive('resync', () => ref.current.resync?.());
    return () => {
      offA();
      offB();
      offC();
    };
  }, []);
}
