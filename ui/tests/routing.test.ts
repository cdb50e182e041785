// Unit tests of route matching, app URLs and the rollouts view state in the query string.
import { describe, expect, it } from 'vitest';
import { matchRoute, routes } from '../src/lib/router';
import { filtersKey, readRolloutFilters, rolloutsApiParams } from '../src/lib/query';

describe('routes', () => {
  it('matches every page', () => {
    expect(matchRoute('/')).toEqual({ page: 'leaderboard' });
    expect(matchRoute('/experiments')).toEqual({ page: 'experiments' });
    expect(matchRoute('/experiments/exp-1')).toEqual({ page: 'experiment', id: 'exp-1' });
    expect(matchRoute('/experiments/exp%201/rollout')).toEqual({ page: 'rollout', id: 'exp 1' });
    expect(matchRoute('/experiments/exp-1/compare')).toEqual({ page: 'compare', id: 'exp-1' });
    expect(matchRoute('/arena')).toEqual({ page: 'arena' });
    expect(matchRoute('/nope/x')).toEqual({ page: 'not-found' });
  });
  it('builds links with encoded parameters', () => {
    expect(routes.rollout('e/1', 'gpt 4o&x', 3, 0)).toBe('/experiments/e%2F1/rollout?model=gpt+4o%26x&row=3&run=0');
    expect(routes.experiment('e', { model: 'm', status: '' })).toBe('/experiments/e?model=m');
  });
});

describe('rollout filters', () => {
  it('round-trips through the query string and drops empty API parameters', () => {
    const f = readRolloutFilters(new URLSearchParams('model=a&score_min=0.5&q=x%20y&cursor=abc'));
    expect(f).toMatchObject({ model: 'a', score_min: '0.5', q: 'x y', cursor: 'abc', status: '', sort: '' });
    expect(rolloutsApiParams(f, 50)).toMatchObject({ model: 'a', score_min: '0.5', q: 'x y', cursor: 'abc', limit: 50 });
  });
  it('keys a view without its page', () => {
    const a = readRolloutFilters(new URLSearchParams('model=a&cursor=1'));
    const b = readRolloutFilters(new URLSearchParams('model=a&cursor=2'));
    const c = readRolloutFilters(new URLSearchParams('model=b&cursor=1'));
    expect(filtersKey(a)).toBe(filtersKey(b));
    expect(filtersKey(a)).not.toBe(filtersKey(c));
  });
});
