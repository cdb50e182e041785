// Arena ratings (Bradley-Terry over every stored battle): rating with CI, battles,
// wins/losses/ties, win rate against the baseline, online Elo for comparison, and the fit's
// notes.
import type { ArenaLeaderboard } from '../api/types';
import { fmtInt, fmtPct, DASH } from '../lib/format';

const fmtRating = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(0) : DASH);
const fmtCount = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? (Number.isInteger(v) ? fmtInt(v) : v.toFixed(1)) : DASH;

export function ArenaRatingsTable({ arena }: { arena: ArenaLeaderboard }) {
  const models = [...(arena.models ?? [])].sort((a, b) => (b.rating ?? -Infinity) - (a.rating ?? -Infinity));
  const baseline = arena.baseline ?? null;
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="arena-table">
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">model</th>
            <th scope="col" class="num">rating</th>
            <th scope="col" class="num">95% CI</th>
            <th scope="col" class="num">battles</th>
            <th scope="col" class="num">wins</th>
            <th scope="col" class="num">losses</th>
            <th scope="col" class="num">ties</th>
            <th scope="col" class="num">{baseline ? `win rate vs ${baseline}` : 'win rate vs baseline'}</th>
            <th scope="col" class="num" title="FastChat's online Elo (order dependent), for comparison">
              online Elo
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m, i) => (
            <tr key={m.model} data-testid="arena-row" data-model={m.model}>
              <td class="num muted">{i + 1}</td>
              <td class="mono">
                {m.model}
                {m.identified === false && (
                  <span class="badge badge-warn" title="the battles cannot place this model">
                    not identified
                  </span>
                )}
              </td>
              <td class="num mono strong" data-testid="arena-rating">
                {fmtRating(m.rating)}
              </td>
              <td class="num mono muted">
                {typeof m.ci_low === 'number' && typeof m.ci_high === 'number'
                  ? `[${fmtRating(m.ci_low)}, ${fmtRating(m.ci_high)}]`
                  : DASH}
              </td>
              <td class="num mono">{fmtCount(m.battles)}</td>
              <td class="num mono">{fmtCount(m.wins)}</td>
              <td class="num mono">{fmtCount(m.losses)}</td>
              <td class="num mono">{fmtCount(m.ties)}</td>
              <td class="num mono">{m.model === baseline ? 'baseline' : fmtPct(m.win_rate_vs_baseline)}</td>
              <td class="num mono muted">{fmtRating(m.online_elo)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Bradley-Terry ratings
        {arena.anchor ? `, ${arena.anchor} fixed at ${arena.anchor_rating ?? 1000}` : `, mean ${arena.anchor_rating ?? 1000}`}
        {typeof arena.bootstrap_rounds === 'number' ? `; intervals from ${arena.bootstrap_rounds} bootstrap rounds` : ''}
        {typeof arena.length_coefficient === 'number' ? `; length coefficient ${arena.length_coefficient.toFixed(3)}` : ''}.
      </p>
      {(arena.notes ?? []).map((n, i) => (
        <p class="note" key={i}>
          {n}
        </p>
      ))}
    </div>
  );
}
