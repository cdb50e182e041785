// Scenario 3, one rollout's page, reached from the filtered rollouts table: the conversation
// (the row's question, the model's canned answer), the score and each evaluator's score and
// reason, the ground truth, the raw JSON view, and "Copy as EP row", whose clipboard text
// must be the row `evp export` writes for that rollout. A failed rollout shows its error.
import assert from 'node:assert/strict';
import { byTestId, conversation } from '../lib/dom.mjs';
import { answerOf, ERROR_ROW, groundTruth, MODEL_A, MODEL_B, question, rowId, scoreOf } from '../lib/fixture.mjs';
import { waitForEqual } from '../lib/harness.mjs';

const ROW = 1; // alpha answers it verbosely: "contains" scores 1, "exact_match" 0

async function metricCells(page, metric) {
  return page
    .locator(`[data-testid="metric-row"][data-metric="${metric}"] td`)
    .evaluateAll((tds) =>
      tds.map((td) => {
        const text = td.cloneNode(true);
        text.querySelectorAll('details').forEach((d) => d.remove()); // the metric's data view
        return text.textContent.trim();
      }),
    );
}

async function assertEvaluation(page) {
  const gt = groundTruth(ROW);
  const answer = answerOf(MODEL_A, ROW);
  assert.equal(await byTestId(page, 'rollout-score').textContent(), scoreOf(MODEL_A, ROW).toFixed(3));
  assert.equal(await byTestId(page, 'evaluation-score').textContent(), scoreOf(MODEL_A, ROW).toFixed(3));
  assert.deepEqual(await metricCells(page, 'contains'), ['contains', '1.000', 'yes', `found '${gt}'`]);
  assert.deepEqual(await metricCells(page, 'exact_match'), [
    'exact_match',
    '0.000',
    'yes',
    `expected '${gt}', got '${answer}'`,
  ]);
  assert.equal(await byTestId(page, 'ground-truth').textContent(), gt);
}

async function assertRawJsonAndCopy(page, exported) {
  const raw = byTestId(page, 'raw-json');
  await raw.locator('summary').click();
  assert.deepEqual(JSON.parse(await raw.locator('pre').textContent()), exported, 'raw JSON view = evp export row');

  await byTestId(page, 'copy-row').click();
  await waitForEqual(() => byTestId(page, 'copy-row').textContent(), 'Copied', { what: 'the copy button' });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.deepEqual(JSON.parse(copied), exported, 'copied EP row = evp export row');
}

export function rolloutScenario(env) {
  return {
    name: '3 rollout page: conversation, evaluators, raw JSON, copy as EP row',
    timeoutMs: 15_000,
    async run(page) {
      await page.goto(`${env.baseUrl}/experiments/${env.quizExperimentId}?model=${MODEL_A}&score_min=0.5&score_max=0.5`);
      await page.locator(`[data-testid="rollout-row"][data-row="${ROW}"] [data-testid="rollout-link"]`).click();
      await byTestId(page, 'rollout-page').waitFor();
      const url = new URL(page.url());
      assert.deepEqual(
        [url.pathname, url.searchParams.get('model'), url.searchParams.get('row'), url.searchParams.get('run')],
        [`/experiments/${env.quizExperimentId}/rollout`, MODEL_A, String(ROW), '0'],
      );
      assert.match(await page.locator('h1').textContent(), new RegExp(`^${rowId(ROW)} `));
      assert.deepEqual(await conversation(page), [
        { role: 'user', text: question(ROW) },
        { role: 'assistant', text: answerOf(MODEL_A, ROW) },
      ]);
      await assertEvaluation(page);
      await assertRawJsonAndCopy(page, env.exportedRow(MODEL_A, ROW));
      await env.screenshots.take(page, 'rollout');

      await page.goto(`${env.baseUrl}/experiments/${env.quizExperimentId}/rollout?model=${MODEL_B}&row=${ERROR_ROW}&run=0`);
      await byTestId(page, 'rollout-error').waitFor();
      assert.match(await byTestId(page, 'rollout-error').textContent(), /no canned response for row q29/);
      assert.deepEqual(await conversation(page), [{ role: 'user', text: question(ERROR_ROW) }]);
      await env.screenshots.take(page, 'rollout-failed');
    },
  };
}
