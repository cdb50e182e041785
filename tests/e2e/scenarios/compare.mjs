// Scenario 4, comparing alpha (A) and beta (B) on the quiz experiment, reached by the
// experiment page's "Compare models" link: the statistics box shows B − A and the row counts
// the canned answers imply (a failed rollout counting 0), every row's winner is right, the
// "rows where they differ" / "A scores higher" filters show exactly those rows, and swapping
// flips the sign.
import assert from 'node:assert/strict';
import { byTestId, compareRows } from '../lib/dom.mjs';
import { compareMeanDiff, compareScore, disagreeingRows, MODEL_A, MODEL_B, QUIZ_ROWS } from '../lib/fixture.mjs';
import { waitForEqual } from '../lib/harness.mjs';

const signed = (v) => `${v > 0 ? '+' : ''}${v.toFixed(3)}`;

/** The compare table expected for A and B under a filter, as compareRows() reads it. */
function expectedRows(a, b, keep) {
  return [...Array(QUIZ_ROWS).keys()].filter((i) => keep(compareScore(a, i), compareScore(b, i))).map((i) => {
    const sa = compareScore(a, i);
    const sb = compareScore(b, i);
    return { row: i, winner: sa === sb ? '' : sb > sa ? 'b' : 'a' };
  });
}

async function assertStats(page, a, b) {
  const diff = (a === MODEL_A ? 1 : -1) * compareMeanDiff();
  await waitForEqual(
    async () => (await byTestId(page, 'compare-diff').textContent()).split(' ')[0],
    signed(diff),
    { what: `B − A for A=${a}, B=${b}` },
  );
  const rows = expectedRows(a, b, () => true);
  const aBetter = rows.filter((r) => r.winner === 'a').length;
  const bBetter = rows.filter((r) => r.winner === 'b').length;
  const tied = rows.length - aBetter - bBetter;
  const facts = await byTestId(page, 'compare-stats').locator('.fact dd').allTextContents();
  assert.ok(
    facts.includes(`${QUIZ_ROWS}: A ${aBetter} · B ${bBetter} · tied ${tied}`),
    `row counts ${aBetter}/${bBetter}/${tied} in ${JSON.stringify(facts)}`,
  );
  // 9 rows against 8 cannot make the sign test significant: no verdict.
  assert.equal(await byTestId(page, 'compare-verdict').getAttribute('data-verdict'), 'no_difference');
}

const rowsShown = (page, expected, what) => waitForEqual(() => compareRows(page), expected, { what });

export function compareScenario(env) {
  return {
    name: '4 compare: statistics, row winners, disagree filter, swap',
    timeoutMs: 15_000,
    async run(page) {
      await page.goto(`${env.baseUrl}/experiments/${env.quizExperimentId}`);
      await byTestId(page, 'compare-link').click();
      await page.waitForURL((u) => u.pathname === `/experiments/${env.quizExperimentId}/compare`);
      await byTestId(page, 'compare-a').selectOption(MODEL_A);
      await byTestId(page, 'compare-b').selectOption(MODEL_B);

      await assertStats(page, MODEL_A, MODEL_B);
      await rowsShown(page, expectedRows(MODEL_A, MODEL_B, () => true), 'all 30 rows');
      await env.screenshots.take(page, 'compare');

      await byTestId(page, 'compare-filter').selectOption('disagree');
      const disagreeing = expectedRows(MODEL_A, MODEL_B, (sa, sb) => sa !== sb);
      assert.deepEqual(disagreeing.map((r) => r.row), disagreeingRows());
      await rowsShown(page, disagreeing, 'rows where the models differ');
      await env.screenshots.take(page, 'compare-disagree');

      await byTestId(page, 'compare-filter').selectOption('a_better');
      await rowsShown(page, expectedRows(MODEL_A, MODEL_B, (sa, sb) => sa > sb), 'rows where A scores higher');

      await byTestId(page, 'compare-swap').click();
      await assertStats(page, MODEL_B, MODEL_A);
      await rowsShown(page, expectedRows(MODEL_B, MODEL_A, (sa, sb) => sa > sb), 'after swapping: A (beta) higher');
    },
  };
}
