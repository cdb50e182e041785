// A tiny scenario runner for the e2e run: named scenarios run one after another, each under
// its own timeout, each failure reported with its message (and a screenshot of the page it
// left behind) without stopping the next scenario; plus polling helpers that wait for a
// condition instead of sleeping.
import assert from 'node:assert/strict';

export class ScenarioTimeout extends Error {}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new ScenarioTimeout(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the scenarios in order. Each is {name, timeoutMs, run(page)} and gets a fresh page from
 * newPage(); returns the failures as [{name, error}].
 */
export async function runScenarios(scenarios, { newPage, onFailure }) {
  const failures = [];
  for (const s of scenarios) {
    const started = Date.now();
    const page = await newPage();
    try {
      await withTimeout(s.run(page), s.timeoutMs, s.name);
      console.log(`ok   ${s.name} (${Date.now() - started} ms)`);
    } catch (error) {
      console.log(`FAIL ${s.name} (${Date.now() - started} ms)\n     ${indent(error.stack ?? String(error))}`);
      failures.push({ name: s.name, error });
      await onFailure(s, page).catch(() => {});
    } finally {
      await page.close().catch(() => {});
    }
  }
  return failures;
}

const indent = (text) => text.split('\n').join('\n     ');

/**
 * Polls read() until check(value) holds, then returns the value; after timeoutMs fails with
 * the last value read (assert-style), so a mismatch says what was seen instead.
 */
export async function waitUntil(read, check, { timeoutMs = 8000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) {
      throw new assert.AssertionError({
        message: `waited ${timeoutMs} ms for ${what}; last seen: ${JSON.stringify(last)}`,
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until read() returns a value deep-equal to expected. */
export function waitForEqual(read, expected, options = {}) {
  return waitUntil(read, (v) => isDeepEqual(v, expected), {
    ...options,
    what: `${options.what ?? 'value'} to equal ${JSON.stringify(expected)}`,
  });
}

function isDeepEqual(a, b) {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
