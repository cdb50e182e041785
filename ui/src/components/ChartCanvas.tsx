// A Chart.js chart in a sized box. Chart.js (and the error-bar plugin) are loaded lazily
// from their own chunk on the first chart, so pages without charts stay small. The chart is
// rebuilt when `config` changes (callers memoise it); animations are off for dense data.
import { useEffect, useRef, useState } from 'preact/hooks';

export function ChartCanvas(props: {
  config: object;
  label: string;
  testid: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let chart: { destroy(): void } | null = null;
    import('../charts/chartjs')
      .then(({ createChart }) => {
        if (cancelled || !canvas.current) return;
        chart = createChart(canvas.current, props.config);
      })
      .catch((e: unknown) => setFailed(String(e)));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [props.config]);

  return (
    <figure class="chart" data-testid={props.testid}>
      <figcaption>{props.label}</figcaption>
      <div class="chart-box" style={{ height: `${props.height ?? 280}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.label} />
      </div>
      {failed && <p class="error-box">chart failed: {failed}</p>}
    </figure>
  );
}
