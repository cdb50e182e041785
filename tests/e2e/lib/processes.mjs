// Child processes of the e2e run: `evp run` to fill the store, and `evp ui` as the server under
// test. Every child runs under coreutils `timeout` in a process group of its own (so none
// outlives a killed test run), is tracked, and killAll() ends the groups still running
// (called on success and on failure).
import { spawn } from 'node:child_process';

/** Seconds after which a child is killed even if this script itself died. */
const SAFETY_TIMEOUT_S = 170;
const running = new Set();
const started = []; // every child, for the report of a failed run

function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Starts `evp ARGS...` (under `timeout`), with its stdout and stderr collected as text. */
export function spawnEvp(evp, args, options = {}) {
  const child = track(
    spawn('timeout', ['-k', '5', String(SAFETY_TIMEOUT_S), evp, ...args], {
      cwd: options.cwd,
      detached: true, // its own process group: signalGroup() reaches timeout and evp
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdoutText = '';
  child.stderrText = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (child.stdoutText += s));
  child.stderr.setEncoding('utf8').on('data', (s) => (child.stderrText += s));
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.startError = null;
  child.once('error', (e) => (child.startError = e)); // e.g. spawn failed: reported, not thrown
  child.args = args;
  started.push(child);
  return child;
}

/**
 * Every evp started by this run, for the log of a failed run: its arguments, how it ended (or
 * that it is still running), and the end of its stderr.
 */
export function childrenReport(tailChars = 2000) {
  return started.map((c) => {
    const state = c.startError
      ? `could not start: ${c.startError.message}`
      : c.exitCode !== null
        ? `exited with ${c.exitCode}`
        : c.signalCode !== null
          ? `killed by ${c.signalCode}`
          : 'still running';
    const err = c.stderrText.length > tailChars ? `...${c.stderrText.slice(-tailChars)}` : c.stderrText;
    return `evp ${c.args.join(' ')}: ${state}\n  stderr: ${err.trim().split('\n').join('\n          ')}`;
  });
}

/** Sends a signal to a child's whole process group (timeout and the evp under it). */
export function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Runs `evp ARGS...` to the end; fails unless it exits with one of expectedCodes. */
export async function runEvp(evp, args, { cwd, expectedCodes = [0] } = {}) {
  const child = spawnEvp(evp, args, { cwd });
  const { code, signal } = await child.exited;
  if (!expectedCodes.includes(code)) {
    throw new Error(
      `evp ${args.join(' ')} exited with ${code ?? signal} (expected ${expectedCodes.join(' or ')})\n` +
        `stderr:\n${child.stderrText}\nstdout:\n${child.stdoutText}`,
    );
  }
  return child.stdoutText;
}

/**
 * Starts `evp ui --store DB --port 0 --token TOKEN` and resolves to {url, child} once it has
 * printed the URL it serves on stderr.
 */
export function startUiServer(evp, { store, token, timeoutMs = 10_000 }) {
  const child = spawnEvp(evp, ['ui', '--store', store, '--host', '127.0.0.1', '--port', '0', '--token', token]);
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(
      () => fail(`evp ui printed no "serving http://..." line within ${timeoutMs} ms`),
      timeoutMs,
    );
    function fail(why) {
      if (started) return; // it served, and was ended later
      clearTimeout(timer);
      signalGroup(child, 'SIGTERM');
      reject(new Error(`${why}\nstderr:\n${child.stderrText}`));
    }
    child.stderr.on('data', () => {
      const m = /serving (http:\/\/[^\s]+)/.exec(child.stderrText);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ''), child });
      }
    });
    child.exited.then(({ code, signal }) => fail(`evp ui exited early with ${code ?? signal}`));
  });
}

/** Ends every child still running: SIGTERM, then SIGKILL after graceMs. */
export async function killAll(graceMs = 3000) {
  const children = [...running];
  for (const c of children) signalGroup(c, 'SIGTERM');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            signalGroup(c, 'SIGKILL');
            resolve();
          }, graceMs);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
}

/** Last resort on process exit (synchronous): SIGKILL whatever is left. */
export function killAllNow() {
  for (const c of running) signalGroup(c, 'SIGKILL');
}
