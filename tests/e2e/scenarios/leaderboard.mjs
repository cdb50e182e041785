// Scenario 1, the leaderboard at "/": the page is served with the documented security
// headers, the quiz suite shows both models best first with the mean scores the canned
// answers imply, each with its CI bar (the interval the API reports, around the mean) and
// its PASS/FAIL badge against the suite's threshold, and the charts render.
import assert from 'node:assert/strict';
import { byTestId } from '../lib/dom.mjs';
import { MODEL_A, MODEL_B, QUIZ_SUITE, reportMean } from '../lib/fixture.mjs';

export const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const THRESHOLD = 0.68; // the fixture suite's threshold.success

function assertSecurityHeaders(headers) {
  assert.equal(headers['content-security-policy'], EXPECTED_CSP, 'Content-Security-Policy of /');
  assert.equal(headers['x-content-type-options'], 'nosniff', 'X-Content-Type-Options of /');
  assert.equal(headers['referrer-policy'], 'no-referrer', 'Referrer-Policy of /');
}

async function assertModelCell(page, apiModel) {
  const model = apiModel.model;
  const cell = page.locator(`[data-testid="leaderboard-cell"][data-suite="${QUIZ_SUITE}"][data-model="${model}"]`);
  const expectedMean = reportMean(model);
  assert.ok(Math.abs(apiModel.mean - expectedMean) < 1e-9, `API mean of ${model}: ${apiModel.mean} != ${expectedMean}`);
  assert.equal(await cell.getByTestId('leaderboard-score').textContent(), expectedMean.toFixed(3), `${model} score`);

  const { ci_low: low, ci_high: high } = apiModel;
  assert.ok(low < expectedMean && expectedMean < high, `${model}: CI [${low}, ${high}] around ${expectedMean}`);
  const bar = cell.getByTestId('ci-bar');
  assert.equal(
    await bar.getAttribute('aria-label'),
    `mean ${expectedMean.toFixed(3)}, 95% CI [${low.toFixed(3)}, ${high.toFixed(3)}]`,
    `${model} CI bar label`,
  );
  const barBox = await bar.boundingBox();
  const bandBox = await bar.locator('.ci-band').boundingBox();
  assert.ok(barBox && bandBox && bandBox.width > 0, `${model}: the CI band is drawn`);
  const expectedLeft = low * barBox.width;
  const expectedWidth = (high - low) * barBox.width;
  assert.ok(Math.abs(bandBox.x - barBox.x - expectedLeft) <= 2, `${model}: CI band starts at ${low}`);
  assert.ok(Math.abs(bandBox.width - expectedWidth) <= 2, `${model}: CI band width ${bandBox.width} ~ ${expectedWidth}`);

  const passed = expectedMean >= THRESHOLD;
  assert.equal(await cell.getByTestId('pass-badge').getAttribute('data-passed'), String(passed), `${model} pass badge`);
}

export function leaderboardScenario(env) {
  return {
    name: '1 leaderboard: models, mean scores, CI bars, security headers',
    timeoutMs: 15_000,
    async run(page) {
      const response = await page.goto(`${env.baseUrl}/`);
      assert.equal(response.status(), 200);
      assertSecurityHeaders(response.headers());

      await byTestId(page, 'leaderboard-table').waitFor();
      const api = await env.api('/api/leaderboard');
      const suite = api.suites.find((s) => s.suite === QUIZ_SUITE);
      assert.ok(suite, `the API leaderboard has suite ${QUIZ_SUITE}`);
      assert.deepEqual(suite.models.map((m) => m.model), [MODEL_A, MODEL_B], 'API: models best first');

      assert.deepEqual(
        await byTestId(page, 'leaderboard-row').evaluateAll((rows) => rows.map((r) => r.dataset.model)),
        [MODEL_A, MODEL_B],
        'leaderboard rows, best first',
      );
      assert.match(await byTestId(page, 'leaderboard-suite').first().textContent(), /e2e-quiz.*pass: mean ≥ 0\.68/);
      for (const m of suite.models) await assertModelCell(page, m);

      await byTestId(page, 'chart-score').locator('canvas').waitFor();
      await byTestId(page, 'chart-cost').locator('canvas').waitFor();
      await env.screenshots.take(page, 'leaderboard');
    },
  };
}
