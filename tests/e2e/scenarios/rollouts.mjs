// Scenario 2, the experiment page's rollouts table: a leaderboard cell opens the quiz
// experiment filtered to that model; the score, model and status filters show exactly the
// rollouts the canned answers imply (ids and count), and with no filter the 60 rollouts take
// two server pages of 50 (the UI's page size) that Next / Prev / First walk in position order.
import assert from 'node:assert/strict';
import { byTestId, headerProgress, rolloutKeys } from '../lib/dom.mjs';
import {
  allRolloutKeys,
  ERROR_ROW,
  MODEL_A,
  MODEL_B,
  QUIZ_ROWS,
  QUIZ_SUITE,
  rowId,
  rowsWithScore,
} from '../lib/fixture.mjs';
import { waitForEqual } from '../lib/harness.mjs';

const PAGE_SIZE = 50; // RolloutsSection's page size
const keysOf = (model, rows) => rows.map((i) => `${model}/${i}/0`);
const shownKeys = (page, expected, what) => waitForEqual(() => rolloutKeys(page), expected, { what });

async function applyScoreBounds(page, min, max) {
  await byTestId(page, 'filter-score-min').fill(min);
  await byTestId(page, 'filter-score-max').fill(max);
  await byTestId(page, 'filter-apply').click();
}

async function assertPagerState(page, { prev, next, label }) {
  await waitForEqual(
    async () => ({
      prev: await byTestId(page, 'page-prev').isEnabled(),
      next: await byTestId(page, 'page-next').isEnabled(),
      label: await page.locator('.pager-label').textContent(),
    }),
    { prev, next, label },
    { what: 'pager state' },
  );
}

export function rolloutsScenario(env) {
  return {
    name: '2 rollouts table: filters by model, score and status; pages',
    timeoutMs: 20_000,
    async run(page) {
      await page.goto(`${env.baseUrl}/`);
      await page
        .locator(`[data-testid="leaderboard-cell"][data-suite="${QUIZ_SUITE}"][data-model="${MODEL_A}"] a`)
        .click();
      await page.waitForURL((u) => u.pathname === `/experiments/${env.quizExperimentId}` && u.searchParams.get('model') === MODEL_A);
      await shownKeys(page, keysOf(MODEL_A, [...Array(QUIZ_ROWS).keys()]), 'all rollouts of alpha');
      assert.deepEqual(await headerProgress(page), { status: 'finished', done: 2 * QUIZ_ROWS, total: 2 * QUIZ_ROWS });
      assert.deepEqual(
        await byTestId(page, 'report-row').evaluateAll((rows) => rows.map((r) => r.dataset.model)),
        [MODEL_A, MODEL_B],
      );
      // The latency chart draws each model's histogram from its report row.
      await byTestId(page, 'chart-latency').locator('canvas').waitFor();
      await env.screenshots.take(page, 'experiment');

      await applyScoreBounds(page, '1', '');
      await shownKeys(page, keysOf(MODEL_A, rowsWithScore(MODEL_A, 1, 1)), 'alpha rollouts scoring 1');
      assert.equal(new URL(page.url()).searchParams.get('score_min'), '1', 'the filter is kept in the URL');
      assert.deepEqual(
        await byTestId(page, 'rollout-link').allTextContents(),
        rowsWithScore(MODEL_A, 1, 1).map(rowId),
        'row ids of the alpha rollouts scoring 1',
      );

      await applyScoreBounds(page, '0.25', '0.75');
      await shownKeys(page, keysOf(MODEL_A, rowsWithScore(MODEL_A, 0.25, 0.75)), 'alpha rollouts scoring 0.5');
      await env.screenshots.take(page, 'rollouts-filtered');

      await byTestId(page, 'filter-clear').click();
      await byTestId(page, 'filter-model').selectOption(MODEL_B);
      await byTestId(page, 'filter-status').selectOption('error');
      await shownKeys(page, [`${MODEL_B}/${ERROR_ROW}/0`], 'the failed rollout of beta');
      await byTestId(page, 'filter-status').selectOption('invalid');
      await shownKeys(page, [], 'no rollout with an invalid score');
      await byTestId(page, 'rollouts-empty').waitFor();

      await byTestId(page, 'filter-clear').click();
      const all = allRolloutKeys();
      await shownKeys(page, all.slice(0, PAGE_SIZE), 'page 1 of all rollouts');
      await assertPagerState(page, { prev: false, next: true, label: 'page 1' });
      await byTestId(page, 'page-next').click();
      await shownKeys(page, all.slice(PAGE_SIZE), 'page 2 of all rollouts');
      await assertPagerState(page, { prev: true, next: false, label: 'page 2' });
      await env.screenshots.take(page, 'rollouts-page-2');
      await byTestId(page, 'page-prev').click();
      await shownKeys(page, all.slice(0, PAGE_SIZE), 'back on page 1');
      await assertPagerState(page, { prev: false, next: true, label: 'page 1' });
      await byTestId(page, 'page-next').click();
      await shownKeys(page, all.slice(PAGE_SIZE), 'page 2 again');
      await byTestId(page, 'page-first').click();
      await shownKeys(page, all.slice(0, PAGE_SIZE), 'First: page 1');
    },
  };
}
