#!/usr/bin/env python3
"""Reference values for seqlab.stats.StatsTest, computed with SciPy.

The committed values came from SciPy 1.17.1 (the version is printed first; any SciPy >= 1.9 has the `method`
argument of `wilcoxon` used here).

Run: python3 stats_reference_values.py
The test hard-codes the printed numbers, so the build needs no Python; rerun this to audit them.
"""
import numpy as np
from scipy import stats

print("scipy", __import__("scipy").__version__)

print("# t quantiles")
for p, df in [(0.975, 1), (0.975, 2), (0.975, 3), (0.975, 9), (0.975, 30), (0.975, 100), (0.995, 4),
              (0.9, 7), (0.6, 3), (0.975, 2.5), (0.025, 5), (0.999999, 3), (0.5000001, 10)]:
    print(f"t.ppf({p}, {df}) = {stats.t.ppf(p, df)}")

print("# t cdf")
for x, df in [(2.0, 3), (-1.5, 8), (0.3, 1), (10.0, 4), (0.001, 50)]:
    print(f"t.cdf({x}, {df}) = {stats.t.cdf(x, df)}")

print("# normal cdf")
for z in [-3.0, -1.0, 0.5, 1.959963984540054, 6.0]:
    print(f"norm.cdf({z}) = {stats.norm.cdf(z)}")

print("# confidence interval of the mean")
x = np.array([0.81, 0.79, 0.84, 0.80, 0.83])
print("x =", list(x), "mean =", repr(x.mean()), "sd =", repr(x.std(ddof=1)))
print("t.interval =", stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x)))

print("# paired t-test")
a = np.array([0.812, 0.805, 0.821, 0.799, 0.830, 0.815])
b = np.array([0.801, 0.800, 0.809, 0.802, 0.812, 0.806])
print("ttest_rel =", stats.ttest_rel(a, b))

print("# Wilcoxon, exact (no ties, no zeros)")
d1 = np.array([1.83, -0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, -0.21])  # invented differences
print("d1 =", list(d1), stats.wilcoxon(d1, method="exact"))
d2 = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 2.4, 0.9, 1.1, -2.3, 5.5])
print("d2 =", list(d2), stats.wilcoxon(d2, method="exact"))

print("# Wilcoxon with zeros: exact on the non-zero differences")
d3 = np.array([0.0, 2.0, -1.0, 3.5, 0.0, 4.25, 5.0, -0.5])
print("d3 =", list(d3), stats.wilcoxon(d3[d3 != 0], method="exact"))

print("# Wilcoxon, normal approximation with ties and continuity correction")
d4 = np.array([1.0, 2.0, 2.0, -3.0, 4.0, 4.0, 4.0, -1.0, 5.0, 6.0, 0.0, 7.0])
print("d4 =", list(d4), stats.wilcoxon(d4, zero_method="wilcox", method="approx", correction=True))
rng = np.random.default_rng(7)
d5 = np.round(rng.normal(0.3, 1.0, 30), 3)
print("d5 =", list(d5), stats.wilcoxon(d5, method="approx", correction=True))
