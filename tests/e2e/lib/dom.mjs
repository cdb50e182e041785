// Reading the web app's state through its data-testid attributes (ui/README.md lists them):
// small functions shared by the scenarios, each returning plain values for assertions.

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** The rollouts table as "model/row/run" keys, or 'busy' while it reloads. */
export async function rolloutKeys(page) {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="rollouts-table"]');
    if (!table || table.getAttribute('aria-busy') === 'true') return 'busy';
    return [...table.querySelectorAll('[data-testid="rollout-row"]')].map(
      (r) => `${r.dataset.model}/${r.dataset.row}/${r.dataset.run}`,
    );
  });
}

/** The compare table as [{row, winner}] (winner: 'a', 'b' or ''). */
export async function compareRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="compare-row"]')].map((r) => ({
      row: Number(r.dataset.row),
      winner: r.dataset.winner ?? '',
    })),
  );
}

/** The experiments list as [{id, status, done, total}]. */
export async function experimentRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="experiment-row"]')].map((r) => {
      const progress = r.querySelector('[data-testid="experiment-progress"]');
      return {
        id: r.dataset.id,
        status: r.dataset.status,
        done: Number(progress?.dataset.done),
        total: Number(progress?.dataset.total),
      };
    }),
  );
}

/** The progress shown in the experiment page's header: {status, done, total}. */
export async function headerProgress(page) {
  return page.evaluate(() => {
    const header = document.querySelector('[data-testid="experiment-header"]');
    const progress = header?.querySelector('[data-testid="experiment-progress"]');
    const status = header?.querySelector('[data-testid="experiment-status"]');
    return {
      status: status?.textContent?.trim() ?? null,
      done: Number(progress?.dataset.done),
      total: Number(progress?.dataset.total),
    };
  });
}

/** Text of the conversation's messages: [{role, text}]. */
export async function conversation(page, scope = '') {
  return page.evaluate((scopeSelector) => {
    const root = scopeSelector ? document.querySelector(scopeSelector) : document;
    return [...(root?.querySelectorAll('[data-testid="message"]') ?? [])].map((m) => ({
      role: m.dataset.role,
      text: [...m.querySelectorAll('.msg-text')].map((t) => t.textContent).join('\n'),
    }));
  }, scope);
}

/** Marks the current document so a later check can tell it was not reloaded. */
export async function markDocument(page) {
  await page.evaluate(() => {
    window.__e2eDocumentMark = 'not reloaded';
  });
}

export async function documentWasKept(page) {
  return page.evaluate(() => window.__e2eDocumentMark === 'not reloaded');
}
