"""The LCMCR Gibbs sampler as numba kernels (private; tested through ``model.py``).

:func:`run_chain` runs one whole chain in compiled code: initialisation, the warm-up
sweeps without the alpha step, relabelling, burn-in and the kept sweeps, writing every
``thinning``-th draw of N, alpha and the number of occupied classes into preallocated
arrays. Nothing returns to Python per sweep: a sweep of R's C++ sampler takes about
10 microseconds, less than the overhead of a handful of numpy calls.

The model and the sweep are Manrique-Vallier (2016) as implemented by the R package
LCMCR 0.4.14 (the project's ``mse.md``, section 2.1), on the collapsed table: the
distinct observed patterns ``cells`` (M x J, 0/1) with their counts ``freq``.

Per-chain state: ``log_lam1[j, k]`` and ``log_lam0[j, k]`` (log lambda_jk and
log(1 - lambda_jk)), ``log_pi[k]`` (log class weights, truncated stick-breaking),
``n0k[k]`` (the people on no list, by class), ``alpha``; and the tallies of the
current allocation of the observed people, ``obs_k[k]`` (people in class k) and
``a1[j, k]`` (of them, on list j).

Random numbers come from a ``numpy.random.Generator`` passed in (numba supports them),
one per chain, so a chain's draws depend on its seed only; the variates are drawn by
:mod:`habeas.estimate.lcmcr._variates`.

Where this differs from R's code, it does the same thing faster and draws from the
same distributions: cell weights as products of odds rather than M K exponentials;
multinomials from the heaviest class down, stopping when everyone is placed;
Beta(1, 1) (an empty class's lambda) as one uniform.
"""

from __future__ import annotations

import math

import numpy as np

from habeas.estimate.lcmcr._variates import (
    FEW,
    categorical,
    jit,
    log_beta_pair,
    multinomial,
    truncated_negbin,
)

#: Below exp(-LOG_SAFE), products of probabilities are redone in logs.
LOG_SAFE = 600.0


# -- the steps of one sweep ----------------------------------------------------------
@jit
def allocate(
    rng, cells, freq, on_ptr, on_idx, log_pi, log_lam1, log_lam0, obs_k, a1, odds, base, w, alloc,
    order,
):  # fmt: skip
    """Step 1: the class counts of every cell, tallied into ``obs_k`` and ``a1``.

    A cell's class weights are pi_k prod_j lambda_jk^x (1 - lambda_jk)^(1 - x), computed
    as base_k times the odds lambda/(1 - lambda) of the lists the cell is on (base_k =
    pi_k prod_j (1 - lambda_jk)): J K exponentials per sweep instead of M K, and
    |lists on| products per class instead of J. When that could underflow, the cell is
    done in logs with the maximum subtracted, as R does.
    """
    M, J = cells.shape
    K = log_pi.shape[0]
    logs_safe = True
    for k in range(K):
        obs_k[k] = 0
        log_base = log_pi[k]
        for j in range(J):
            a1[j, k] = 0
            log_base += log_lam0[j, k]
            log_odds = log_lam1[j, k] - log_lam0[j, k]
            if log_odds > LOG_SAFE:
                logs_safe = False
            odds[j, k] = math.exp(min(log_odds, LOG_SAFE))
        if log_base < -LOG_SAFE and log_pi[k] > -LOG_SAFE:
            logs_safe = False
        base[k] = math.exp(log_base)
    for m in range(M):
        top = 0.0
        total = 0.0
        if logs_safe:
            for k in range(K):
                w[k] = base[k]
            for i in range(on_ptr[m], on_ptr[m + 1]):
                j = on_idx[i]
                for k in range(K):
                    w[k] *= odds[j, k]
            for k in range(K):
                total += w[k]
                top = max(top, w[k])
        if top < 1e-280:
            top = -np.inf
            for k in range(K):
                s = log_pi[k]
                for j in range(J):
                    s += log_lam1[j, k] if cells[m, j] else log_lam0[j, k]
                w[k] = s
                top = max(top, s)
            total = 0.0
            for k in range(K):
                w[k] = math.exp(w[k] - top)
                total += w[k]
        f = freq[m]
        if f <= FEW:
            for _ in range(f):
                k = categorical(rng, w, total)
                obs_k[k] += 1
                for i in range(on_ptr[m], on_ptr[m + 1]):
                    a1[on_idx[i], k] += 1
        else:
            multinomial(rng, f, w, alloc, order)
            for k in range(K):
                c = alloc[k]
                if c:
                    obs_k[k] += c
                    for i in range(on_ptr[m], on_ptr[m + 1]):
                        a1[on_idx[i], k] += c


@jit
def draw_lambda(rng, obs_k, n0k, a1, log_lam1, log_lam0):
    """Step 2: lambda_jk ~ Beta(1 + a_jk1, 1 + a_jk0); the unseen count as 0 on every list."""
    J, K = a1.shape
    for k in range(K):
        total = obs_k[k] + n0k[k]
        for j in range(J):
            ones = a1[j, k]
            l1, l0 = log_beta_pair(rng, 1.0 + ones, 1.0 + (total - ones))
            log_lam1[j, k] = l1
            log_lam0[j, k] = l0


@jit
def draw_pi(rng, obs_k, n0k, alpha, log_pi):
    """Step 3: V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l); log pi kept in logs."""
    K = log_pi.shape[0]
    rest = 0.0
    for k in range(K):
        rest += obs_k[k] + n0k[k]
    cum = 0.0
    for k in range(K - 1):
        n_k = obs_k[k] + n0k[k]
        rest -= n_k
        log_v, log_1mv = log_beta_pair(rng, 1.0 + n_k, alpha + rest)
        log_pi[k] = cum + log_v
        cum += log_1mv
    log_pi[K - 1] = cum


@jit
def draw_n0(rng, n, cap, log_pi, log_lam0, n0k, w, order):
    """Steps 4-6: p0, then n0 given (lambda, pi), then its split over the classes."""
    J, K = log_lam0.shape
    top = -np.inf
    for k in range(K):
        s = log_pi[k]
        for j in range(J):
            s += log_lam0[j, k]
        w[k] = s
        top = max(top, s)
    total = 0.0
    for k in range(K):
        w[k] = math.exp(w[k] - top)
        total += w[k]
    p_zero = math.exp(top) * total
    n0 = 0
    if p_zero > 0.0:
        n0 = truncated_negbin(rng, float(n), min(p_zero, 1.0 - 1e-16), cap)
    multinomial(rng, n0, w, n0k, order)
    return n0


@jit
def relabel(log_pi, log_lam1, log_lam0, n0k):
    """Relabel the classes by decreasing pi (once, after the warm-up, as R does)."""
    J, K = log_lam1.shape
    order = np.argsort(-log_pi, kind="mergesort")
    pi_old = log_pi.copy()
    l1_old = log_lam1.copy()
    l0_old = log_lam0.copy()
    n0_old = n0k.copy()
    for i in range(K):
        k = order[i]
        log_pi[i] = pi_old[k]
        n0k[i] = n0_old[k]
        for j in range(J):
            log_lam1[j, i] = l1_old[j, k]
            log_lam0[j, i] = l0_old[j, k]


# -- a whole chain -------------------------------------------------------------------
@jit
def lists_on(cells):
    """The lists each cell is on, as CSR arrays (``on_idx[on_ptr[m]:on_ptr[m + 1]]``)."""
    M, J = cells.shape
    on_ptr = np.zeros(M + 1, dtype=np.int64)
    for m in range(M):
        on_ptr[m + 1] = on_ptr[m]
        for j in range(J):
            if cells[m, j]:
                on_ptr[m + 1] += 1
    on_idx = np.empty(on_ptr[M], dtype=np.int64)
    i = 0
    for m in range(M):
        for j in range(J):
            if cells[m, j]:
                on_idx[i] = j
                i += 1
    return on_ptr, on_idx


@jit
def run_chain(
    cells,
    freq,
    K,
    a_alpha,
    b_alpha,
    warmup,
    burnin,
    samples,
    thinning,
    rng,
    out_n,
    out_alpha,
    out_kstar,
):
    """Run one chain; write ``samples`` thinned draws of N, alpha and k* (occupied classes).

    ``warmup`` sweeps without the alpha step (R: 500), relabelling by decreasing pi,
    ``burnin`` sweeps, then ``samples * thinning`` sweeps keeping every ``thinning``-th.
    k* counts the classes holding anyone, observed or imputed.
    """
    M, J = cells.shape
    n = 0
    for m in range(M):
        n += freq[m]
    cap = 20 * n
    on_ptr, on_idx = lists_on(cells)

    log_lam1 = np.empty((J, K))
    log_lam0 = np.empty((J, K))
    log_pi = np.empty(K)
    n0k = np.zeros(K, dtype=np.int64)
    obs_k = np.zeros(K, dtype=np.int64)
    a1 = np.zeros((J, K), dtype=np.int64)
    # separate arrays (not views of one buffer), so the compiler knows they do not overlap
    odds = np.empty((J, K))
    base = np.empty(K)
    w = np.empty(K)
    alloc = np.empty(K, dtype=np.int64)
    order = np.empty(K, dtype=np.int64)

    # R's Init_Model: lambda_jk = list j's share of the observed, alpha = 0.3 / K, pi from
    # Beta(1, 1) sticks; then n0 from its full conditional given those.
    for j in range(J):
        on = 0
        for m in range(M):
            if cells[m, j]:
                on += freq[m]
        lam = min(max(on / n, 0.5 / n), 1.0 - 0.5 / n)  # a list with everyone breaks logs
        for k in range(K):
            log_lam1[j, k] = math.log(lam)
            log_lam0[j, k] = math.log1p(-lam)
    alpha = 0.3 / K
    cum = 0.0
    for k in range(K - 1):
        log_v, log_1mv = log_beta_pair(rng, 1.0, 1.0)
        log_pi[k] = cum + log_v
        cum += log_1mv
    log_pi[K - 1] = cum
    n0 = draw_n0(rng, n, cap, log_pi, log_lam0, n0k, w, order)

    kept = 0
    total_sweeps = warmup + burnin + samples * thinning
    for sweep in range(total_sweeps):
        if sweep == warmup:
            relabel(log_pi, log_lam1, log_lam0, n0k)
        allocate(
            rng, cells, freq, on_ptr, on_idx, log_pi, log_lam1, log_lam0, obs_k, a1, odds, base, w,
            alloc, order,
        )  # fmt: skip
        draw_lambda(rng, obs_k, n0k, a1, log_lam1, log_lam0)
        draw_pi(rng, obs_k, n0k, alpha, log_pi)
        n0 = draw_n0(rng, n, cap, log_pi, log_lam0, n0k, w, order)
        if sweep >= warmup:
            # Step 7: alpha ~ Gamma(a + K - 1, rate b - log pi_K)
            alpha = rng.standard_gamma(a_alpha + K - 1.0) / (b_alpha - log_pi[K - 1])
        done = sweep + 1 - warmup - burnin
        if done > 0 and done % thinning == 0:
            occupied = 0
            for k in range(K):
                if obs_k[k] + n0k[k] > 0:
                    occupied += 1
            out_n[kept] = n + n0
            out_alpha[kept] = alpha
            out_kstar[kept] = occupied
            kept += 1
