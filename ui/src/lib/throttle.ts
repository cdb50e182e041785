// Leading-and-trailing throttle: the first call runs at once, calls during the next `ms` are
// folded into one trailing run. Used for live refreshes (at most once a second).

export interface Throttled {
  (): void;
  cancel(): void;
}

export function throttle(fn: () => void, ms: number): Throttled {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const t = (() => {
    const wait = last + ms - Date.now();
    if (wait <= 0 && timer === undefined) run();
    else if (timer === undefined) timer = setTimeout(run, Math.max(wait, 0));
  }) as Throttled;
  t.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return t;
}
