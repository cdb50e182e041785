// Scenario 6, live updates over /api/events: with the experiments list open, a second
// `evp run` (a slow canned model, one rollout at a time) appears in the list by itself and its
// progress moves in place; its page, opened from the list, then shows the progress and the
// rollouts table growing, and at the end status finished, every rollout, and the report,
// all without a reload of the document.
import assert from 'node:assert/strict';
import { byTestId, documentWasKept, experimentRows, headerProgress, markDocument, rolloutKeys } from '../lib/dom.mjs';
import { LIVE_MODEL, LIVE_ROWS, reportMean } from '../lib/fixture.mjs';
import { waitForEqual, waitUntil } from '../lib/harness.mjs';
import { spawnEvp } from '../lib/processes.mjs';

/** A model's report row as {column head: cell text} for the columns the check needs. */
async function reportCells(page, model) {
  return page.evaluate((m) => {
    const table = document.querySelector('[data-testid="report-table"]');
    const heads = [...(table?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent.trim());
    const row = table?.querySelector(`[data-testid="report-row"][data-model="${m}"]`);
    const cells = [...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent.trim());
    const wanted = ['model', 'rows', 'rollouts', 'errors', 'score'];
    return Object.fromEntries(wanted.map((h) => [h, cells[heads.indexOf(h)] ?? null]));
  }, model);
}

async function waitForNewExperiment(page, knownIds) {
  const rows = await waitUntil(
    () => experimentRows(page),
    (rows) => rows.some((r) => !knownIds.includes(r.id)),
    { what: 'the new experiment in the list', timeoutMs: 20_000 },
  );
  return rows.find((r) => !knownIds.includes(r.id));
}

/** Waits until the list row of the experiment shows more rollouts done than `before`. */
async function waitForListProgress(page, id, before) {
  return waitUntil(
    async () => (await experimentRows(page)).find((r) => r.id === id),
    (r) => r && r.done > before,
    { what: `list progress of ${id} past ${before}`, timeoutMs: 20_000 },
  );
}

export function liveScenario(env) {
  return {
    name: '6 live: a running experiment updates the list and its page',
    timeoutMs: 60_000, // generous: a loaded CI machine; a passing run takes ~8 s
    async run(page) {
      await page.goto(`${env.baseUrl}/experiments`);
      const known = (await waitUntil(() => experimentRows(page), (rows) => rows.length > 0)).map((r) => r.id);
      await waitUntil(() => byTestId(page, 'live-indicator').getAttribute('data-state'), (s) => s === 'live', {
        what: 'the live connection',
      });
      await markDocument(page);

      const run = spawnEvp(env.evp, ['run', env.liveSuite, '--store', env.store, '--no-progress', '--no-cache']);
      const appeared = await waitForNewExperiment(page, known);
      assert.equal(appeared.total, LIVE_ROWS);
      assert.equal(appeared.status, 'running');
      const moved = await waitForListProgress(page, appeared.id, appeared.done);
      assert.ok(moved.done <= LIVE_ROWS);
      await env.screenshots.take(page, 'experiments-live');

      await page.locator(`[data-testid="experiment-row"][data-id="${appeared.id}"] a`).first().click();
      await byTestId(page, 'experiment-header').waitFor();
      const first = await headerProgress(page);
      assert.equal(first.total, LIVE_ROWS);
      assert.ok(first.done < LIVE_ROWS, `the run was still going when its page opened (${first.done}/${LIVE_ROWS})`);
      const tableSizes = new Set();
      const progressSeen = new Set([first.done]);
      const final = await waitUntil(
        async () => {
          const keys = await rolloutKeys(page);
          if (keys !== 'busy') tableSizes.add(keys.length);
          const p = await headerProgress(page);
          progressSeen.add(p.done);
          return { ...p, rows: keys === 'busy' ? -1 : keys.length };
        },
        (s) => s.status === 'finished' && s.done === LIVE_ROWS && s.rows === LIVE_ROWS,
        { what: 'the experiment page to show the finished run', timeoutMs: 30_000 },
      );
      assert.ok(progressSeen.size >= 2, `header progress moved live: ${[...progressSeen]}`);
      assert.ok(tableSizes.size >= 2, `the rollouts table grew live: sizes ${[...tableSizes]}`);
      assert.equal(final.total, LIVE_ROWS);

      // The report is reloaded when the status changes: model, rows, rollouts, score.
      await waitForEqual(
        () => reportCells(page, LIVE_MODEL),
        {
          model: LIVE_MODEL,
          rows: String(LIVE_ROWS),
          rollouts: String(LIVE_ROWS),
          errors: '0',
          score: reportMean(LIVE_MODEL, LIVE_ROWS).toFixed(3),
        },
        { what: 'the report of the finished run' },
      );
      assert.ok(await documentWasKept(page), 'no reload happened');
      await env.screenshots.take(page, 'experiment-live-finished');

      const { code } = await run.exited;
      assert.equal(code, 0, `the live run exited with ${code}: ${run.stderrText}`);
    },
  };
}
