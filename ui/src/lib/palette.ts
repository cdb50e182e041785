// Series colours for charts and legends (Tableau 10, readable on white and distinct in
// print), picked by position so one chart never repeats a colour before ten series.

const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export function seriesColor(i: number): string {
  return COLORS[((i % COLORS.length) + COLORS.length) % COLORS.length];
}

/** The same colour with alpha, for fills. */
export function seriesFill(i: number, alpha = 0.75): string {
  const hex = seriesColor(i).slice(1);
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
