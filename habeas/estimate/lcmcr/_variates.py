"""Exact random variates for the LCMCR sampler, as numba kernels (private).

numba supports ``numpy.random.Generator`` arguments, but its binomial and gamma redo
their set-up on every call and its binomial divides in its inner loop; these are the
samplers the sweep needs, written for it: binomials by inversion or Hoermann's BTRS,
gammas by Marsaglia and Tsang (in logs for small shapes), Beta pairs in logs,
multinomials by sequential binomials, categorical draws, and the negative binomial
truncated at R's ceiling. Each is an exact sampler of its distribution, tested
against it in ``tests/estimate/test_lcmcr.py``.
"""

from __future__ import annotations

import math

import numba
import numpy as np

#: Every kernel: compiled once and cached on disk; division by zero is not checked
#: (numpy's error model: no branch per division); no kernel divides by zero.
jit = numba.njit(cache=True, error_model="numpy")

#: Multinomials finish with one uniform per person once at most this many are left.
FEW = 8
#: Draws of the truncated negative binomial before switching to exact inversion.
MAX_REDRAWS = 1000
#: 1/x for the binomial's inversion loop (a multiplication instead of a division).
INVERSE = np.array([0.0] + [1.0 / x for x in range(1, 64)])


@jit
def gamma_variate(rng, shape):
    """A Gamma(shape, 1) draw for shape >= 1 (Marsaglia and Tsang 2000)."""
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = rng.standard_normal()
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = rng.random()
        xx = x * x
        if u < 1.0 - 0.0331 * xx * xx or math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return d * v


@jit
def log_gamma_variate(rng, shape):
    """log of a Gamma(shape, 1) draw, stable for small shapes.

    For shape < 1, Gamma(a) = Gamma(a + 1) * U**(1/a), taken in logs, so tiny variates
    (which underflow to 0 when drawn directly) keep their size. R's LCMCR does this
    below 0.5 and GSL's gamma itself below 1: the same distribution either way.
    """
    if shape < 1.0:
        boost = math.log(1.0 - rng.random()) / shape
        return math.log(gamma_variate(rng, shape + 1.0)) + boost
    return math.log(gamma_variate(rng, shape))


@jit
def log_beta_pair(rng, a, b):
    """(log X, log(1 - X)) for X ~ Beta(a, b) = Ga / (Ga + Gb), from two gamma variates.

    With both shapes >= 1 the variates cannot underflow and are used as they are
    (three logarithms); otherwise (the stick-breaking draws when alpha is small) they
    are drawn in logs and normalised with log-sum-exp, as R's LCMCR does.
    """
    if a == 1.0 and b == 1.0:
        # Beta(1, 1) is uniform: one uniform instead of two gammas (empty classes)
        u = 1.0 - rng.random()
        return math.log(u), (math.log1p(-u) if u < 1.0 else -745.0)
    if a >= 1.0 and b >= 1.0:
        xa = gamma_variate(rng, a)
        xb = gamma_variate(rng, b)
        total = math.log(xa + xb)
        return math.log(xa) - total, math.log(xb) - total
    ga = log_gamma_variate(rng, a)
    gb = log_gamma_variate(rng, b)
    top = max(ga, gb)
    total = top + math.log1p(math.exp(min(ga, gb) - top))
    return ga - total, gb - total


@jit
def binomial(rng, n, p):
    """A Binomial(n, p) draw: inversion when n min(p, 1-p) < 10, else Hoermann's BTRS.

    BTRS (transformed rejection with squeeze, Hoermann 1993; as in TensorFlow and JAX)
    accepts most draws with two uniforms and no logarithm; its exact test here uses
    log-gammas rather than Stirling series.
    """
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    q = 1.0 - p
    mean = n * p
    x = 0
    if mean < 10.0:
        # inversion from 0: about n p + 1 steps of the pmf recursion
        qn = math.exp(n * math.log1p(-p))
        ratio = p / q
        while True:
            u = rng.random()
            px = qn
            x = 0
            while u > px and x < n:
                u -= px
                x += 1
                px *= (n - x + 1) * ratio * (INVERSE[x] if x < 64 else 1.0 / x)
            if u <= px:
                break
    else:
        spq = math.sqrt(mean * q)
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = mean + 0.5
        v_r = 0.92 - 4.2 / b
        alpha = (2.83 + 5.1 / b) * spq
        m = math.floor((n + 1) * p)
        h = math.nan
        lpq = 0.0
        while True:
            u = rng.random() - 0.5
            v = rng.random()
            us = 0.5 - abs(u)
            k = math.floor((2.0 * a / us + b) * u + c)
            if k < 0 or k > n:
                continue
            if us >= 0.07 and v <= v_r:
                x = int(k)
                break
            if math.isnan(h):
                h = math.lgamma(m + 1.0) + math.lgamma(n - m + 1.0)
                lpq = math.log(p / q)
            v = math.log(v * alpha / (a / (us * us) + b))
            if v <= h - math.lgamma(k + 1.0) - math.lgamma(n - k + 1.0) + (k - m) * lpq:
                x = int(k)
                break
    return n - x if flip else x


@jit
def categorical(rng, weights, total):
    """One draw from the unnormalised ``weights`` (which sum to ``total``)."""
    u = rng.random() * total
    acc = 0.0
    K = weights.shape[0]
    for k in range(K):
        acc += weights[k]
        if u < acc:
            return k
    for k in range(K - 1, -1, -1):  # rounding: the last class with any weight
        if weights[k] > 0.0:
            return k
    return K - 1


@jit
def multinomial(rng, n, weights, out, taken):
    """``out`` ~ Multinomial(n, weights / sum(weights)), by sequential binomials.

    The heaviest class first, then the heaviest of the rest, and so on (any order
    gives the same distribution), so the loop usually places everyone within a few
    classes; once at most ``FEW`` people are left, each gets one uniform instead.
    ``weights`` and ``taken`` are scratch space.
    """
    K = weights.shape[0]
    mass = 0.0
    for k in range(K):
        out[k] = 0
        taken[k] = 0
        mass += weights[k]
    remaining = n
    steps = 0
    while remaining > FEW and steps < K - 1:
        best = -1
        top = -1.0
        if steps:  # the weight not yet visited, summed afresh (subtracting could cancel)
            mass = 0.0
            for k in range(K):
                mass += weights[k]
        for k in range(K):
            if not taken[k] and weights[k] > top:
                top = weights[k]
                best = k
        p = top / mass
        if not p < 1.0:  # rounding: no weight left for the other classes
            out[best] = remaining
            return
        x = binomial(rng, remaining, p)
        out[best] = x
        remaining -= x
        weights[best] = 0.0
        taken[best] = 1
        steps += 1
    if remaining == 0:
        return
    if steps == K - 1:  # one class left: the rest are in it
        for k in range(K):
            if not taken[k]:
                out[k] += remaining
        return
    rest = 0.0
    for k in range(K):
        rest += weights[k]
    if not rest > 0.0:
        for k in range(K):
            if not taken[k]:
                out[k] += remaining
                return
    for _ in range(remaining):
        out[categorical(rng, weights, rest)] += 1


@jit
def truncated_negbin(rng, size, p_zero, cap):
    """n0 ~ NegBin(size, 1 - p_zero) (failures), restricted to n0 <= cap.

    As in R's LCMCR, draws above the cap are redrawn (the prior on N stops at 21 n).
    Should almost all the mass lie above the cap, after ``MAX_REDRAWS`` tries the draw
    is made by inverting the truncated distribution instead: same law, bounded time.
    """
    for _ in range(MAX_REDRAWS):
        n0 = rng.negative_binomial(size, 1.0 - p_zero)
        if n0 <= cap:
            return n0
    log_p = math.log(p_zero)
    logs = np.empty(cap + 1)
    top = -np.inf
    for k in range(cap + 1):
        logs[k] = math.lgamma(size + k) - math.lgamma(k + 1.0) + k * log_p
        top = max(top, logs[k])
    total = 0.0
    for k in range(cap + 1):
        logs[k] = math.exp(logs[k] - top)
        total += logs[k]
    return categorical(rng, logs, total)
