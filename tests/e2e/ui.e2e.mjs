#!/usr/bin/env node
// End-to-end tests of `evp ui` in headless Chromium (registered in CTest as e2e.ui):
//   node tests/e2e/ui.e2e.mjs --evp BUILD/evp --repo SOURCE_DIR --out BUILD/e2e-screenshots
// Fills a temporary store with `evp run` (canned models, tests/e2e/lib/fixture.mjs), serves it
// with `evp ui --port 0 --token ...`, and drives the web app through six scenarios
// (tests/e2e/scenarios/): leaderboard, rollouts table, rollout page, compare, arena, live
// updates. Then checks that no page hit a CSP violation, an uncaught exception or an
// unexpected console error. Full-page screenshots go to --out. Exits 1 on any failure; every
// process it started is ended, also on failure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, loadPlaywright, PageProblems, Screenshots } from './lib/browser.mjs';
import { QUIZ_SUITE, rowId, writeFixture } from './lib/fixture.mjs';
import { runScenarios } from './lib/harness.mjs';
import { childrenReport, killAll, killAllNow, runEvp, startUiServer } from './lib/processes.mjs';
import { arenaScenario } from './scenarios/arena.mjs';
import { compareScenario } from './scenarios/compare.mjs';
import { leaderboardScenario } from './scenarios/leaderboard.mjs';
import { liveScenario } from './scenarios/live.mjs';
import { rolloutScenario } from './scenarios/rollout.mjs';
import { rolloutsScenario } from './scenarios/rollouts.mjs';

const TOKEN = 'e2e-write-token-0123456789abcdef';
const WHOLE_RUN_LIMIT_MS = 120_000;
const ACTION_TIMEOUT_MS = 8_000;

function readOptions() {
  const { values } = parseArgs({
    options: { evp: { type: 'string' }, repo: { type: 'string' }, out: { type: 'string' } },
  });
  for (const name of ['evp', 'repo', 'out']) {
    if (!values[name]) throw new Error(`missing --${name} (usage: ui.e2e.mjs --evp EVP --repo SOURCE_DIR --out DIR)`);
  }
  return { evp: path.resolve(values.evp), repo: path.resolve(values.repo), out: path.resolve(values.out) };
}

async function getJson(baseUrl, apiPath) {
  const response = await fetch(`${baseUrl}${apiPath}`);
  if (!response.ok) throw new Error(`GET ${apiPath}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The rows `evp export` writes, looked up by model and dataset row (run 0). */
async function exportRows(evp, store, experimentId) {
  const text = await runEvp(evp, ['export', experimentId, '--out', '-', '--store', store]);
  const rows = text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return (model, i) => {
    const found = rows.find(
      (r) =>
        r.execution_metadata?.extra?.evp?.model === model &&
        r.execution_metadata?.extra?.evp?.run === 0 &&
        r.input_metadata?.row_id === rowId(i),
    );
    if (!found) throw new Error(`evp export has no row for ${model} row ${i}`);
    return found;
  };
}

/** The store, the server and everything the scenarios share. */
async function prepare(options, workDir) {
  const store = path.join(workDir, 'evp.db');
  const { quizSuite, liveSuite } = writeFixture(workDir);
  // Exit code 1: beta misses the suite's threshold, on purpose (a FAIL badge to check).
  await runEvp(options.evp, ['run', quizSuite, '--store', store, '--no-progress'], { expectedCodes: [1] });
  const server = await startUiServer(options.evp, { store, token: TOKEN });
  const baseUrl = server.url;
  const api = (apiPath) => getJson(baseUrl, apiPath);
  const experiments = (await api(`/api/experiments?suite=${QUIZ_SUITE}`)).experiments;
  if (experiments.length !== 1) throw new Error(`expected one ${QUIZ_SUITE} experiment, the API lists ${experiments.length}`);
  const quizExperimentId = experiments[0].id;
  return {
    evp: options.evp,
    store,
    liveSuite,
    server,
    baseUrl,
    token: TOKEN,
    api,
    quizExperimentId,
    exportedRow: await exportRows(options.evp, store, quizExperimentId),
    screenshots: new Screenshots(options.out),
  };
}

/**
 * For the log of a failed run: whether evp ui still answers /api/info and opens an event
 * stream, and how many TCP connections to it are established (from /proc/net/tcp).
 */
async function serverState(baseUrl) {
  const port = Number(new URL(baseUrl).port);
  const probe = async (apiPath, readBody) => {
    try {
      const response = await fetch(`${baseUrl}${apiPath}`, { signal: AbortSignal.timeout(3000) });
      if (readBody) await response.text();
      else await response.body?.cancel();
      return `${apiPath} ${response.status}`;
    } catch (e) {
      return `${apiPath} failed: ${e.message}`;
    }
  };
  let established = 'unknown';
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const lines = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
    established = lines.filter((l) => {
      const f = l.trim().split(/\s+/);
      return f.length > 3 && f[1].endsWith(`:${hexPort}`) && f[3] === '01';
    }).length;
  } catch {
    // no /proc here
  }
  // Counted before the probes, whose own connections would count too.
  return `${established} connections established to port ${port}; ${await probe('/api/info', true)}; ${await probe('/api/events', false)}`;
}

function pageProblemsReport(problems, scenarios) {
  const expected = scenarios.flatMap((s) => s.expectedConsoleErrors ?? []);
  const lines = [
    ...problems.cspViolations.map((v) => `CSP violation: ${JSON.stringify(v)}`),
    ...problems.pageErrors.map((e) => `uncaught exception: ${e}`),
    ...problems.unexpectedConsoleErrors(expected).map((e) => `console error: ${e}`),
  ];
  return lines;
}

async function main() {
  const started = Date.now();
  const options = readOptions();
  const playwright = loadPlaywright(options.repo);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'evp-e2e-'));
  let browser;
  let env;
  let failed = true;
  try {
    env = await prepare(options, workDir);
    console.log(`evp ui at ${env.baseUrl}, experiment ${env.quizExperimentId} (${Date.now() - started} ms)`);
    browser = await launchChromium(playwright);
    const problems = new PageProblems();

    const scenarios = [
      leaderboardScenario(env),
      rolloutsScenario(env),
      rolloutScenario(env),
      compareScenario(env),
      arenaScenario(env),
      liveScenario(env),
    ];
    const failures = await runScenarios(scenarios, {
      // A browser context per scenario: each starts without the HTTP cache, storage or open
      // connections of the scenarios before it.
      newPage: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.baseUrl });
        await problems.watch(context);
        const page = await context.newPage();
        page.setDefaultTimeout(ACTION_TIMEOUT_MS);
        page.once('close', () => context.close().catch(() => {}));
        return page;
      },
      onFailure: (s, page) => env.screenshots.take(page, `FAILED-${s.name.split(' ')[0]}`),
    });

    const problemLines = pageProblemsReport(problems, scenarios);
    if (problemLines.length) {
      console.log(`FAIL pages reported problems:\n     ${problemLines.join('\n     ')}`);
    } else {
      console.log('ok   no CSP violation, uncaught exception or unexpected console error');
    }
    failed = failures.length > 0 || problemLines.length > 0;
    if (failed) {
      console.log(`\nprocesses started by this run:\n${childrenReport().join('\n')}`);
      console.log(`evp ui now: ${await serverState(env.baseUrl)}`);
      console.log(`kept the work folder ${workDir}; screenshots in ${options.out}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await killAll();
    if (!failed) rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`e2e.ui: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`e2e.ui: ${signal}, ending the processes it started`);
    process.exit(1);
  });
}
const wholeRunLimit = setTimeout(() => {
  console.error(`e2e.ui: FAILED, the whole run took over ${WHOLE_RUN_LIMIT_MS / 1000} s`);
  process.exit(1);
}, WHOLE_RUN_LIMIT_MS);
wholeRunLimit.unref();

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e.ui: FAILED: ${error.stack ?? error}`);
    process.exit(1);
  },
);
