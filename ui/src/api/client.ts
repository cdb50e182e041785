// fetch wrappers for the evp REST API: GET with query parameters (empty ones dropped), POST
// with the write token as a Bearer header, and one error type carrying the HTTP status, the
// server's {"error"} message and, for 429, the Retry-After seconds.
import { href } from '../lib/router';
import { getToken } from './token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An API path plus query string (router's href: null, undefined and '' values left out). */
export const apiUrl = href;

/** Percent-encodes one path segment (experiment ids, model keys). */
export const seg = (s: string): string => encodeURIComponent(s);

async function failure(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { error?: unknown };
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  const retry = res.headers.get('Retry-After');
  const retryS = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null;
  return new ApiError(res.status, message, retryS);
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'cannot reach the evp server');
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'cannot reach the evp server');
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.status ? `${e.message} (HTTP ${e.status})` : e.message;
  return e instanceof Error ? e.message : String(e);
}
