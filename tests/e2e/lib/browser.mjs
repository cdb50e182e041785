// Headless Chromium for the e2e run: loads playwright-core from ui/node_modules (a dev
// dependency of the web app; it downloads no browser) and drives Debian's /usr/bin/chromium.
// Watches every page for Content-Security-Policy violations, uncaught exceptions and console
// errors, and takes the full-page screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** playwright-core as installed by `npm ci` in ui/ (the CMake build runs it). */
export function loadPlaywright(repo) {
  const uiPackage = path.join(repo, 'ui', 'package.json');
  const require = createRequire(uiPackage);
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(
      `playwright-core is not installed in ${path.join(repo, 'ui', 'node_modules')} ` +
        `(build evp with -DEVP_UI=ON, which runs npm ci in ui/): ${e.message}`,
    );
  }
}

export async function launchChromium(playwright) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (scripts/setup does)`);
  }
  return playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Problems the page reported by itself: CSP violations (from the `securitypolicyviolation`
 * event, hooked before any page script runs), uncaught exceptions and console errors.
 */
export class PageProblems {
  constructor() {
    this.cspViolations = [];
    this.pageErrors = [];
    this.consoleErrors = [];
  }

  /** Hooks the reporting into every page of a browser context. */
  async watch(context) {
    await context.exposeBinding('__e2eReportCspViolation', (_source, v) => this.cspViolations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__e2eReportCspViolation({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          source: `${e.sourceFile}:${e.lineNumber}`,
          sample: e.sample,
        });
      });
    });
    context.on('page', (page) => this.watchPage(page));
  }

  watchPage(page) {
    page.on('pageerror', (err) => this.pageErrors.push(`${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
  }

  /** Console errors apart from the ones a scenario provoked on purpose (e.g. a 401). */
  unexpectedConsoleErrors(expectedPatterns) {
    return this.consoleErrors.filter((text) => !expectedPatterns.some((re) => re.test(text)));
  }
}

/** Full-page PNG screenshots into one folder, numbered in the order they are taken. */
export class Screenshots {
  constructor(dir) {
    this.dir = dir;
    this.count = 0;
    mkdirSync(dir, { recursive: true });
  }

  async take(page, name) {
    this.count += 1;
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
