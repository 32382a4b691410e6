#!/usr/bin/env python3
"""Reference values for seqlab.stats.PairedBootstrapTest, computed independently of the Java code.

It re-implements seqlab's random source (xoshiro256** seeded through SplitMix64, Lemire's bounded integers; see
seqlab.engine.RandomSource) so that it draws the very same resample indices, and sacreBLEU's BLEU formula from
summed statistics (exp smoothing), then computes the percentile interval, the two-sided p-value by interval
inversion and sacreBLEU's --paired-bs p-value as seqlab.stats.PairedBootstrap documents them.

Run with the system Python and numpy: /usr/bin/python3 bootstrap_reference_values.py
The Java test hard-codes the printed numbers, so the build needs no Python; rerun this to audit them.
"""
import math

import numpy as np

M64 = (1 << 64) - 1


def splitmix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class RandomSource:
    def __init__(self, seed):
        x = seed & M64
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            self.s.append(splitmix(x))

    def next_long(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, bound):
        m = (self.next_long() >> 32) * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = (self.next_long() >> 32) * bound
                low = m & 0xFFFFFFFF
        return m >> 32


def bleu(sums):
    """sacreBLEU's corpus BLEU (max order 4, exp smoothing) from [hyp_len, ref_len, m1..m4, t1..t4]."""
    hyp, ref = sums[0], sums[1]
    m, t = sums[2:6], sums[6:10]
    if all(x == 0 for x in m):
        return 0.0
    bp = 1.0 if hyp >= ref else (math.exp(1 - ref / hyp) if hyp > 0 else 0.0)
    precisions = [0.0] * 4
    smooth = 1.0
    for n in range(4):
        if t[n] == 0:
            break
        if m[n] == 0:
            smooth *= 2
            precisions[n] = 100.0 / (smooth * t[n])
        else:
            precisions[n] = 100.0 * m[n] / t[n]
    if min(precisions) <= 0:
        return 0.0
    return bp * math.exp(sum(math.log(p) for p in precisions) / 4)


def paired_bootstrap(cand, ref, score, resamples, seed, level=0.95):
    """cand, ref: lists over seeds of (n x k) arrays."""
    n = cand[0].shape[0]
    seeds = len(cand)
    observed = np.mean([score(c.sum(0), n) - score(r.sum(0), n) for c, r in zip(cand, ref)])
    rng = RandomSource(seed)
    d = []
    for _ in range(resamples):
        counts = np.zeros(n)
        for _ in range(n):
            counts[rng.next_int(n)] += 1
        total = 0.0
        for c, r in zip(cand, ref):
            total += score(counts @ c, n) - score(counts @ r, n)
        d.append(total / seeds)
    d = np.sort(np.array(d))
    low = int(math.floor(resamples * (1 - level) / 2 + 1e-9))
    p = min(1.0, 2.0 * (1 + min(np.sum(d <= 0), np.sum(d >= 0))) / (resamples + 1))
    centred = np.abs(d) - np.abs(d).mean()
    p_sacrebleu = (1 + np.sum(centred > abs(observed))) / (resamples + 1)
    return observed, d[low], d[resamples - 1 - low], p, p_sacrebleu


def show(name, result):
    print(name, "observed=%r lower=%r upper=%r p=%r sacrebleu_p=%r" % tuple(float(x) for x in result))


print("numpy", np.__version__)
print("RandomSource(12345).nextInt(1000) x5:", (lambda r: [r.next_int(1000) for _ in range(5)])(RandomSource(12345)))

# (a) accuracy: 0/1 correctness of 60 examples.
n = 60
cand = np.array([[1.0 if (i * 7) % 10 < 8 else 0.0] for i in range(n)])
ref = np.array([[1.0 if (i * 3 + 1) % 10 < 6 else 0.0] for i in range(n)])
show("accuracy", paired_bootstrap([cand], [ref], lambda s, k: s[0] / k, 1000, 12345))


# (b) BLEU from per-sentence statistics of 12 sentences.
def bleu_rows(hyp_of, margin_of, n_sent=12):
    rows = []
    for i in range(n_sent):
        hyp = hyp_of(i)
        ref_len = 11 + (i * 5) % 4
        totals = [max(hyp - k, 0) for k in range(4)]
        matches = [max(0, totals[k] - k - margin_of(i)) for k in range(4)]
        rows.append([hyp, ref_len] + matches + totals)
    return np.array(rows, dtype=float)


cand = bleu_rows(lambda i: 10 + (i * 7) % 6, lambda i: 1 + i % 3)
ref = bleu_rows(lambda i: 9 + (i * 3) % 6, lambda i: 2 + (i * 2) % 3)
print("BLEU candidate", bleu(cand.sum(0)), "reference", bleu(ref.sum(0)))
show("bleu", paired_bootstrap([cand], [ref], lambda s, k: bleu(s), 1000, 12345))

# (c) MAE over 3 seeds, 40 points, 500 resamples, seed 7.
n = 40
cand = [np.array([[abs(((i * 13 + s * 7) % 17 - 8) / 10.0)] for i in range(n)]) for s in range(3)]
ref = [np.array([[abs(((i * 11 + s * 5) % 19 - 9) / 10.0)] for i in range(n)]) for s in range(3)]
show("mae3", paired_bootstrap(cand, ref, lambda s, k: s[0] / k, 500, 7))
