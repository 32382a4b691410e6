#!/usr/bin/env Rscript
# Reference values for seqlab.stats tests, computed with R's own implementations (stats and forecast packages).
# The committed values came from R 4.2.2 with forecast 8.20 (Debian packages r-base-core, r-cran-forecast).
#
# Run: Rscript verdict_reference_values.R
# The Java tests hard-code the printed numbers, so the build needs no R; rerun this to audit them.
suppressMessages(library(forecast))
options(digits = 17)
cat(R.version.string, "; forecast", as.character(packageVersion("forecast")), "\n")

cat("# paired t over seeds (t.test paired), Cohen's d_z = mean(d)/sd(d)\n")
a <- c(0.812, 0.805, 0.821, 0.799, 0.830)
b <- c(0.781, 0.790, 0.779, 0.785, 0.795)
r <- t.test(a, b, paired = TRUE)
cat("t =", r$statistic, " p =", r$p.value, " ci =", r$conf.int, " mean =", r$estimate, "\n")
d <- a - b
cat("d_z =", mean(d) / sd(d), "\n")

cat("# Wilcoxon exact, to cross-check the SciPy values of StatsTest\n")
d1 <- c(1.83, -0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, -0.21)
cat("d1 p =", wilcox.test(d1, exact = TRUE)$p.value, "\n")
d2 <- c(0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 2.4, 0.9, 1.1, -2.3, 5.5)
cat("d2 p =", wilcox.test(d2, exact = TRUE)$p.value, "\n")

cat("# TOST over seeds, margin 0.01: one-sided t-tests against -margin and +margin; 90% interval\n")
x <- c(0.8012, 0.7987, 0.8051, 0.7995, 0.8030)
y <- c(0.8003, 0.8010, 0.8022, 0.7990, 0.8041)
dd <- x - y
lo <- t.test(dd, mu = -0.01, alternative = "greater")
up <- t.test(dd, mu = 0.01, alternative = "less")
cat("p_lower =", lo$p.value, " p_upper =", up$p.value, " ci90 =", t.test(dd, conf.level = 0.90)$conf.int, "\n")

cat("# McNemar: exact binomial (b + c < 25) and continuity-corrected chi-square (b + c >= 25)\n")
cat("b=9, c=3: binom.test p =", binom.test(3, 12, 0.5)$p.value, "\n")
cat("b=1, c=0: binom.test p =", binom.test(0, 1, 0.5)$p.value, "\n")
# Rows: candidate right/wrong; columns: reference right/wrong. b = [1,2] = 20, c = [2,1] = 40.
m <- mcnemar.test(matrix(c(140, 20, 40, 100), nrow = 2, byrow = TRUE), correct = TRUE)
cat("b=20, c=40: mcnemar.test X2 =", m$statistic, " p =", m$p.value, "\n")
# Agresti-Min (2005) interval by its formula, for b=20, c=40, n=300.
b <- 20; c <- 40; n <- 300
na <- n + 2; dA <- (b - c) / na
v <- ((b + 0.5) + (c + 0.5) - (b - c)^2 / na) / na^2
cat("Agresti-Min 95%: [", dA - qnorm(0.975) * sqrt(v), ",", dA + qnorm(0.975) * sqrt(v), "]\n")

cat("# Diebold-Mariano with the HLN correction (forecast::dm.test)\n")
e1 <- c(0.52, -1.10, 0.33, 0.91, -0.47, 1.25, -0.08, 0.64, -0.95, 0.21,
        1.02, -0.36, 0.77, -1.31, 0.45, 0.12, -0.69, 0.88, -0.23, 0.57)
e2 <- c(0.61, -0.98, 0.52, 0.85, -0.66, 1.31, 0.21, 0.49, -1.12, 0.35,
        0.96, -0.52, 0.70, -1.18, 0.63, -0.25, -0.74, 1.02, -0.41, 0.48)
for (h in c(1, 3)) for (pw in c(2, 1)) {
  r <- dm.test(e1, e2, h = h, power = pw)
  cat("h =", h, " power =", pw, " DM =", r$statistic, " p =", r$p.value, "\n")
}

cat("# Holm: the worked example of Wikipedia's 'Holm-Bonferroni method' page, and one with ties and capping\n")
cat("p.adjust =", p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm"), "\n")
cat("p.adjust =", p.adjust(c(0.2, 0.001, 0.02, 0.02, 0.6, 0.011), "holm"), "\n")
