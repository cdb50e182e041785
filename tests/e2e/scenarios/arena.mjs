// Scenario 5, the arena: a vote without the write token is refused (the error says why, the
// header's token box opens, no battle is stored); after pasting the token the same vote goes
// through, the two hidden models are revealed (and their answers were the canned answers of
// the shown row), GET /api/leaderboard's `arena` now counts the battle, and the leaderboard
// page shows the arena ratings.
import assert from 'node:assert/strict';
import { byTestId, conversation } from '../lib/dom.mjs';
import { answerOf, ERROR_ROW, MODEL_A, MODEL_B, question } from '../lib/fixture.mjs';
import { waitForEqual } from '../lib/harness.mjs';

/** The row shown in the battle, read from its prompt ("... item N?"). */
async function battleRow(page) {
  const prompt = await conversation(page, '[data-testid="arena-prompt"]');
  const user = prompt.find((m) => m.role === 'user');
  const m = /item (\d+)\?$/.exec(user?.text ?? '');
  assert.ok(m, `a quiz question in the arena prompt: ${JSON.stringify(prompt)}`);
  const row = Number(m[1]);
  assert.equal(user.text, question(row));
  assert.notEqual(row, ERROR_ROW, 'a row both models answered');
  return row;
}

const assistantText = async (page, side) =>
  (await conversation(page, `[data-testid="arena-answer-${side}"]`)).map((m) => `${m.role}: ${m.text}`);

async function voteWithoutToken(page, env) {
  assert.equal(await byTestId(page, 'token-state').textContent(), 'not set');
  await byTestId(page, 'vote-a').click();
  await byTestId(page, 'arena-error').waitFor();
  assert.match(await byTestId(page, 'arena-error').textContent(), /needs the write token/);
  await byTestId(page, 'token-input').waitFor(); // the 401 opened the token box
  assert.equal((await env.api('/api/leaderboard')).arena, null, 'no battle stored without the token');
}

async function pasteToken(page, token) {
  await byTestId(page, 'token-input').fill(token);
  await byTestId(page, 'token-save').click();
  await waitForEqual(() => byTestId(page, 'token-state').textContent(), 'set', { what: 'token state' });
}

export function arenaScenario(env) {
  return {
    name: '5 arena: vote needs the token, names revealed, battle counted',
    timeoutMs: 15_000,
    expectedConsoleErrors: [/status of 401/],
    async run(page) {
      await page.goto(`${env.baseUrl}/arena`);
      await byTestId(page, 'arena-prompt').waitFor();
      const row = await battleRow(page);
      const answerA = await assistantText(page, 'a');
      const answerB = await assistantText(page, 'b');
      await env.screenshots.take(page, 'arena');

      await voteWithoutToken(page, env);
      await env.screenshots.take(page, 'arena-token-needed');
      await pasteToken(page, env.token);
      await byTestId(page, 'vote-a').click();
      await byTestId(page, 'arena-reveal').waitFor();

      const reveal = await byTestId(page, 'arena-reveal').textContent();
      const m = /^A was (\S+), B was (\S+)\. You preferred A \((\S+)\)\.$/.exec(reveal);
      assert.ok(m, `reveal text: ${reveal}`);
      const [, modelA, modelB, preferred] = m;
      assert.deepEqual([modelA, modelB].sort(), [MODEL_A, MODEL_B], 'the two quiz models were paired');
      assert.equal(preferred, modelA);
      assert.deepEqual(answerA, [`assistant: ${answerOf(modelA, row)}`], `answer A was ${modelA}'s`);
      assert.deepEqual(answerB, [`assistant: ${answerOf(modelB, row)}`], `answer B was ${modelB}'s`);
      await env.screenshots.take(page, 'arena-revealed');

      const arena = (await env.api('/api/leaderboard')).arena;
      assert.ok(arena, 'GET /api/leaderboard has arena ratings after the vote');
      const record = Object.fromEntries(arena.models.map((x) => [x.model, [x.battles, x.wins, x.losses]]));
      assert.deepEqual(
        record,
        { [modelA]: [1, 1, 0], [modelB]: [1, 0, 1] },
        `one battle (battles, wins, losses), won by ${modelA}`,
      );
      assert.equal((await env.api('/api/info')).battles, 1);

      await page.getByRole('link', { name: 'Leaderboard', exact: true }).click();
      await waitForEqual(
        () => byTestId(page, 'arena-row').evaluateAll((rows) => rows.map((r) => r.dataset.model).sort()),
        [MODEL_A, MODEL_B],
        { what: 'arena ratings rows' },
      );
      await env.screenshots.take(page, 'leaderboard-with-arena');
    },
  };
}
