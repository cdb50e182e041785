// Number, date and label formatting shared by every table. Missing values show as an em dash
// so a row with partial data still lines up.

export const DASH = '—';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function fmtScore(v: unknown, digits = 3): string {
  return isNum(v) ? v.toFixed(digits) : DASH;
}

export function fmtInterval(lo: unknown, hi: unknown, digits = 3): string {
  return isNum(lo) && isNum(hi) ? `[${lo.toFixed(digits)}, ${hi.toFixed(digits)}]` : DASH;
}

export function fmtPct(v: unknown, digits = 1): string {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : DASH;
}

export function fmtInt(v: unknown): string {
  return isNum(v) ? Math.round(v).toLocaleString('en-US') : DASH;
}

/** 5384 -> "5.4k", 1234567 -> "1.23M"; exact values go in a title. */
export function fmtCompact(v: unknown): string {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  if (a < 1000) return String(Math.round(v));
  if (a < 1e6) return `${(v / 1e3).toFixed(a < 1e4 ? 1 : 0)}k`;
  if (a < 1e9) return `${(v / 1e6).toFixed(a < 1e7 ? 2 : 1)}M`;
  return `${(v / 1e9).toFixed(2)}G`;
}

/** Dollars: two decimals from $1, else two significant digits ($0.0048, $0.00017). */
export function fmtCost(v: unknown): string {
  if (!isNum(v)) return DASH;
  if (v === 0) return '$0';
  const a = Math.abs(v);
  if (a >= 1) return `$${v.toFixed(2)}`;
  if (a >= 0.01) return `$${v.toFixed(3)}`;
  return `$${Number(v.toPrecision(2))}`.replace(/e-(\d)$/, 'e-0$1');
}

export function fmtMs(v: unknown): string {
  if (!isNum(v)) return DASH;
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
  return `${(v / 60_000).toFixed(1)} min`;
}

export function fmtSeconds(v: unknown): string {
  return isNum(v) ? fmtMs(v * 1000) : DASH;
}

export function fmtP(v: unknown): string {
  if (!isNum(v)) return DASH;
  if (v === 0) return '0';
  if (v < 0.001) return v.toExponential(1);
  return v.toFixed(3);
}

export function fmtSigned(v: unknown, digits = 3): string {
  if (!isNum(v)) return DASH;
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp -> "2026-11-29 06:24:12" in local time. */
export function fmtDate(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** Any JSON value as short text for generic table cells. */
export function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return DASH;
  if (typeof v === 'number') return Number.isInteger(v) ? fmtInt(v) : fmtScore(v, 4);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function verdictWords(verdict: unknown): string {
  if (verdict === 'b_better') return 'B is better';
  if (verdict === 'a_better') return 'A is better';
  return 'the data cannot tell';
}
