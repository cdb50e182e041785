#!/usr/bin/env python3
# The reference for evp's Bradley-Terry ratings (src/stats/bradley_terry.h), used by
# bench/bradley_terry and by tests/unit/stats/bradley_terry_test.cpp.
#
# FastChat's compute_mle_elo with scipy in place of sklearn (not installed here): every
# battle appears twice; an A win is Y = 1 in both copies, a B win Y = 0 in both, a tie Y = 1
# in one copy and Y = 0 in the other. X has +log(base) in A's column and -log(base) in B's
# (plus the standardized length covariate for style control), sample weights are the battle
# weights, and the unpenalized weighted logistic loss is minimized by L-BFGS-B from zero.
# Ratings are scale * coef + 1000, then anchored (or shifted to mean anchor_rating).
#
# Commands (battle files: int64 models, int64 battles, then int32 a[], int32 b[],
# int8 winner[] (0 A wins, 1 B wins, 2 tie, 3 tie (bothbad)), float64 weight[]):
#   generate FILE MODELS BATTLES SEED   writes random battles
#   fit FILE RATINGS_OUT [BOOT_ROUNDS]  fits, writes ratings one a line, times a
#                                       FastChat-style bootstrap of BOOT_ROUNDS rounds
# `fit` merges identical design rows (summing their sample weights: the same loss) so a
# million battles fit in about a second; the unit tests fit the per-battle rows.
import math
import sys
import time

import numpy as np
import scipy.optimize

A_WINS, B_WINS, TIE, TIE_BOTHBAD = 0, 1, 2, 3


def length_covariate(length_a, length_b, weight):
    """z = standardized (len_a - len_b) / (len_a + len_b), weighted mean and std (ddof 0)."""
    total = length_a + length_b
    x = np.where(total > 0, (length_a - length_b) / np.where(total > 0, total, 1), 0.0)
    mean = np.average(x, weights=weight)
    std = math.sqrt(np.average((x - mean) ** 2, weights=weight))
    return (x - mean) / std


def fastchat_rows(a, b, winner, weight, z=None):
    """FastChat's duplicated design as row arrays (a, b, z, y, sample weight)."""
    a, b, winner = np.asarray(a), np.asarray(b), np.asarray(winner)
    weight = np.asarray(weight, dtype=float)
    z = np.zeros(len(a)) if z is None else np.asarray(z, dtype=float)
    tie = (winner == TIE) | (winner == TIE_BOTHBAD)
    y = np.concatenate([(winner == A_WINS) | tie, winner == A_WINS]).astype(float)
    return (np.concatenate([a, a]), np.concatenate([b, b]), np.concatenate([z, z]), y,
            np.concatenate([weight, weight]))


def aggregate(a, b, z, y, w):
    """Identical rows merged, their sample weights summed (the same loss, fewer rows)."""
    z_values, z_index = np.unique(z, return_inverse=True)
    models = int(max(a.max(), b.max())) + 1
    key = ((z_index.astype(np.int64) * models + a) * models + b) * 2 + y.astype(np.int64)
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=w, minlength=len(unique))
    y_out, rest = unique % 2, unique // 2
    b_out, rest = rest % models, rest // models
    a_out, z_out = rest % models, z_values[rest // models]
    return a_out, b_out, z_out, y_out.astype(float), summed


def fit(a, b, z, y, w, models, base=10.0, scale=400.0, anchor=None, anchor_rating=1000.0,
        covariate=False, gtol=1e-13):
    """L-BFGS-B on the weighted logistic loss; returns (ratings, beta or None, result)."""
    n = len(y)
    X = np.zeros((n, models + (1 if covariate else 0)))
    X[np.arange(n), a] += math.log(base)
    X[np.arange(n), b] -= math.log(base)
    if covariate:
        X[:, -1] = z
    total = w.sum()

    def loss(coef):
        eta = X @ coef
        value = np.sum(w * (np.logaddexp(0.0, eta) - y * eta)) / total
        p = 0.5 * (1.0 + np.tanh(0.5 * eta))
        return value, X.T @ (w * (p - y)) / total

    result = scipy.optimize.minimize(
        loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
        options={"maxiter": 100000, "maxfun": 200000, "ftol": 0.0, "gtol": gtol, "maxcor": 30})
    ratings = scale * result.x[:models] + 1000.0
    ratings += anchor_rating - (ratings[anchor] if anchor is not None else ratings.mean())
    return ratings, (result.x[-1] if covariate else None), result


def bootstrap(a, b, winner, weight, models, rounds, seed, gtol=1e-13):
    """FastChat's bootstrap: resample the battles, rebuild the design, refit from zero.
    Returns a rounds x models array of ratings."""
    rng = np.random.default_rng(seed)
    out = np.empty((rounds, models))
    for r in range(rounds):
        pick = rng.integers(0, len(a), len(a))
        rows = aggregate(*fastchat_rows(a[pick], b[pick], winner[pick], weight[pick]))
        out[r] = fit(*rows, models, gtol=gtol)[0]
    return out


def read_battles(path):
    with open(path, "rb") as f:
        models, battles = np.fromfile(f, dtype=np.int64, count=2)
        a = np.fromfile(f, dtype=np.int32, count=battles)
        b = np.fromfile(f, dtype=np.int32, count=battles)
        winner = np.fromfile(f, dtype=np.int8, count=battles)
        weight = np.fromfile(f, dtype=np.float64, count=battles)
    return int(models), a, b, winner, weight


def generate(path, models, battles, seed):
    """Battles under a Bradley-Terry model with ties; a tenth weighs 3 (Arena-Hard's strong
    verdicts)."""
    rng = np.random.default_rng(seed)
    strength = rng.normal(0.0, 200.0, models)
    a = rng.integers(0, models, battles)
    b = (a + rng.integers(1, models, battles)) % models
    p_a = 1.0 / (1.0 + 10.0 ** ((strength[b] - strength[a]) / 400.0))
    u = rng.random(battles)
    tie = rng.random(battles) < 0.15
    winner = np.where(u < p_a, A_WINS, B_WINS)
    winner = np.where(tie, np.where(rng.random(battles) < 0.3, TIE_BOTHBAD, TIE), winner)
    weight = np.where(rng.random(battles) < 0.1, 3.0, 1.0)
    with open(path, "wb") as f:
        np.array([models, battles], dtype=np.int64).tofile(f)
        a.astype(np.int32).tofile(f)
        b.astype(np.int32).tofile(f)
        winner.astype(np.int8).tofile(f)
        weight.astype(np.float64).tofile(f)


def fit_file(path, out, rounds):
    models, a, b, winner, weight = read_battles(path)
    start = time.perf_counter()
    rows = aggregate(*fastchat_rows(a, b, winner, weight))
    ratings, _, result = fit(*rows, models)
    fit_seconds = time.perf_counter() - start
    with open(out, "w") as f:
        f.writelines(f"{r!r}\n" for r in ratings)
    print(f"scipy fit: {fit_seconds:.3f} s ({len(rows[0])} aggregated design rows, "
          f"{result.nit} L-BFGS iterations, gradient {np.abs(result.jac).max():.1e}, "
          f"{result.message})")
    start = time.perf_counter()
    bootstrap(a, b, winner, weight, models, rounds, 1)
    per_round = (time.perf_counter() - start) / max(rounds, 1)
    print(f"scipy bootstrap: {rounds} rounds timed, {per_round:.3f} s per round "
          f"(extrapolated to 1000 rounds: {1000 * per_round:.0f} s)")
    print(f"REFERENCE fit_seconds={fit_seconds:.6f} round_seconds={per_round:.6f}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "fit":
        fit_file(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 10)
    else:
        sys.exit("usage: bradley_terry_reference.py generate|fit ...")
