// The rollouts table's view state, kept in the page's query string so a link reproduces it:
// filters (model, status, score bounds, text search), sort, and the page's cursor.
import type { QueryValue } from './router';

export interface RolloutFilters {
  model: string;
  status: string; // '' | finished | error | invalid
  score_min: string;
  score_max: string;
  q: string;
  sort: string; // '' (position) | score | -score | newest
  cursor: string;
}

export const ROLLOUT_FILTER_KEYS = [
  'model',
  'status',
  'score_min',
  'score_max',
  'q',
  'sort',
  'cursor',
] as const;

export const STATUS_OPTIONS: { value: string; label: string }[] = [
  { value: '', label: 'any status' },
  { value: 'finished', label: 'finished' },
  { value: 'error', label: 'error' },
  { value: 'invalid', label: 'finished, invalid score' },
];

export const SORT_OPTIONS: { value: string; label: string }[] = [
  { value: '', label: 'position (model, row, run)' },
  { value: '-score', label: 'score, highest first' },
  { value: 'score', label: 'score, lowest first' },
  { value: 'newest', label: 'newest first' },
];

export function readRolloutFilters(q: URLSearchParams): RolloutFilters {
  const get = (k: string) => q.get(k) ?? '';
  return {
    model: get('model'),
    status: get('status'),
    score_min: get('score_min'),
    score_max: get('score_max'),
    q: get('q'),
    sort: get('sort'),
    cursor: get('cursor'),
  };
}

/** Identity of a filtered view, ignoring the page: a change resets paging. */
export function filtersKey(f: RolloutFilters): string {
  return JSON.stringify([f.model, f.status, f.score_min, f.score_max, f.q, f.sort]);
}

export function rolloutsApiParams(f: RolloutFilters, limit: number): Record<string, QueryValue> {
  return {
    model: f.model,
    status: f.status,
    score_min: f.score_min.trim(),
    score_max: f.score_max.trim(),
    q: f.q,
    sort: f.sort,
    cursor: f.cursor,
    limit,
  };
}
