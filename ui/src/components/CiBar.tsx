// A confidence interval drawn in a table cell: a track for 0..1, a band from ci_low to
// ci_high and a tick at the mean. Positions are set through element.style (CSSOM), which the
// page's CSP allows; no style attribute is ever written into HTML.
import { fmtInterval, fmtScore } from '../lib/format';

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function CiBar(props: { mean?: number | null; low?: number | null; high?: number | null }) {
  const { mean, low, high } = props;
  const label = isNum(mean)
    ? `mean ${fmtScore(mean)}, 95% CI ${fmtInterval(low, high)}`
    : 'no score';
  return (
    <span class="ci-bar" data-testid="ci-bar" role="img" aria-label={label} title={label}>
      {isNum(low) && isNum(high) && (
        <span
          class="ci-band"
          style={{
            left: `${clamp01(low) * 100}%`,
            width: `${Math.max(clamp01(high) - clamp01(low), 0.004) * 100}%`,
          }}
        />
      )}
      {isNum(mean) && <span class="ci-mean" style={{ left: `${clamp01(mean) * 100}%` }} />}
    </span>
  );
}
