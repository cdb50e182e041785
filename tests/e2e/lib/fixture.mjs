// The e2e test data: a quiz suite with two canned (replay) models whose answers differ on
// purpose, a slow one-model suite for the live-update scenario, and every expected value
// (scores, means, disagreements, ...) computed from the same definitions the files come from.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const QUIZ_SUITE = 'e2e-quiz';
export const LIVE_SUITE = 'e2e-live';
export const QUIZ_ROWS = 30;
export const LIVE_ROWS = 40;
export const LIVE_DELAY_MS = 150;
export const MODEL_A = 'alpha';
export const MODEL_B = 'beta';
/** The live suite's one model: alpha's answers, LIVE_DELAY_MS each. */
export const LIVE_MODEL = 'slow';
/** beta has no canned answer for this row: its rollout fails (NOT_FOUND). */
export const ERROR_ROW = 29;

export const rowId = (i) => `q${String(i).padStart(2, '0')}`;
export const question = (i) => `What is the secret code of item ${i}?`;
export const groundTruth = (i) => `code-${i}-ok`;
const WRONG = 'I do not know.';

/**
 * alpha: wrong when i % 5 == 0 (score 0), verbose when i % 5 == 1 ("contains" passes,
 * "exact_match" fails: score 0.5), else the exact code (score 1).
 */
function alphaAnswer(i) {
  if (i % 5 === 0) return WRONG;
  if (i % 5 === 1) return `The code is ${groundTruth(i)}.`;
  return groundTruth(i);
}

/** beta: wrong when i % 3 == 0 (score 0), else the exact code (score 1); no answer for ERROR_ROW. */
function betaAnswer(i) {
  if (i === ERROR_ROW) return null;
  return i % 3 === 0 ? WRONG : groundTruth(i);
}

/** The canned answer of a model for row i (null: none, the rollout fails). */
export function answerOf(model, i) {
  return model === MODEL_B ? betaAnswer(i) : alphaAnswer(i);
}

/** The rollout score the two evaluators (contains + exact_match, equal weights) give. */
export function scoreOf(model, i) {
  const answer = answerOf(model, i);
  if (answer === null) return null;
  const contains = answer.includes(groundTruth(i)) ? 1 : 0;
  const exact = answer.trim() === groundTruth(i) ? 1 : 0;
  return (contains + exact) / 2;
}

const rowsOf = (n) => Array.from({ length: n }, (_, i) => i);
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The report's mean over the first n rows: over the valid scores (failed rollouts do not count). */
export function reportMean(model, n = QUIZ_ROWS) {
  return mean(rowsOf(n).map((i) => scoreOf(model, i)).filter((s) => s !== null));
}

/** A compare row score: a failed rollout counts 0 (as in `evp compare`). */
export const compareScore = (model, i) => scoreOf(model, i) ?? 0;

/** B - A over the rows, as the compare statistics box shows it. */
export function compareMeanDiff() {
  return mean(rowsOf(QUIZ_ROWS).map((i) => compareScore(MODEL_B, i) - compareScore(MODEL_A, i)));
}

/** Rows where the two models' row scores differ. */
export function disagreeingRows() {
  return rowsOf(QUIZ_ROWS).filter((i) => compareScore(MODEL_A, i) !== compareScore(MODEL_B, i));
}

/** Rollout keys `model/row/run` in the table's position order (model, row, run). */
export function allRolloutKeys() {
  return [MODEL_A, MODEL_B].flatMap((m) => rowsOf(QUIZ_ROWS).map((i) => `${m}/${i}/0`));
}

/** Rows of a model whose (valid) score lies in [lo, hi]. */
export function rowsWithScore(model, lo, hi) {
  return rowsOf(QUIZ_ROWS).filter((i) => {
    const s = scoreOf(model, i);
    return s !== null && s >= lo && s <= hi;
  });
}

function jsonl(records) {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function usage(answer) {
  const completion = answer.split(/\s+/).length;
  return { prompt_tokens: 12, completion_tokens: completion, total_tokens: 12 + completion };
}

function cannedLines(model, n, delayMs) {
  return rowsOf(n)
    .map((i) => ({ i, answer: answerOf(model, i) }))
    .filter(({ answer }) => answer !== null)
    .map(({ i, answer }) => ({
      row_id: rowId(i),
      content: answer,
      finish_reason: 'stop',
      usage: usage(answer),
      delay_ms: delayMs,
    }));
}

function datasetLines(n) {
  return rowsOf(n).map((i) => ({
    messages: [{ role: 'user', content: question(i) }],
    ground_truth: groundTruth(i),
    input_metadata: { row_id: rowId(i) },
  }));
}

function suiteYaml(name, models, concurrency) {
  const limits = concurrency ? `\n    limits: {concurrency: ${concurrency}}` : '';
  const modelsYaml = models
    .map(
      (m) =>
        `  - key: ${m}\n    provider: replay\n    responses: canned/${m}.jsonl${limits}\n` +
        `    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}`,
    )
    .join('\n');
  return `# Written by tests/e2e: canned models only, no network.
name: ${name}
dataset: data/${name}.jsonl
models:
${modelsYaml}
rollout: {type: single_turn}
runs: 1
evaluators:
  - {type: contains, weight: 1}
  - {type: exact_match, weight: 1}
threshold: {success: 0.68}
`;
}

/**
 * Writes both suites under dir and returns their paths. The live suite's model answers
 * like alpha, LIVE_DELAY_MS per rollout, one at a time, so a run lasts about 6 s.
 */
export function writeFixture(dir) {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  mkdirSync(path.join(dir, 'canned'), { recursive: true });
  writeFileSync(path.join(dir, 'data', `${QUIZ_SUITE}.jsonl`), jsonl(datasetLines(QUIZ_ROWS)));
  writeFileSync(path.join(dir, 'data', `${LIVE_SUITE}.jsonl`), jsonl(datasetLines(LIVE_ROWS)));
  writeFileSync(path.join(dir, 'canned', `${MODEL_A}.jsonl`), jsonl(cannedLines(MODEL_A, QUIZ_ROWS, 0)));
  writeFileSync(path.join(dir, 'canned', `${MODEL_B}.jsonl`), jsonl(cannedLines(MODEL_B, QUIZ_ROWS, 0)));
  writeFileSync(path.join(dir, 'canned', `${LIVE_MODEL}.jsonl`), jsonl(cannedLines(LIVE_MODEL, LIVE_ROWS, LIVE_DELAY_MS)));
  const quizSuite = path.join(dir, 'quiz.yaml');
  const liveSuite = path.join(dir, 'live.yaml');
  writeFileSync(quizSuite, suiteYaml(QUIZ_SUITE, [MODEL_A, MODEL_B], 0));
  writeFileSync(liveSuite, suiteYaml(LIVE_SUITE, [LIVE_MODEL], 1));
  return { quizSuite, liveSuite };
}
