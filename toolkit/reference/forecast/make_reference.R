# Writes the reference values that seqlab.forecast is tested against, computed with R's forecast package
# (Hyndman and Khandakar 2008, "Automatic time series forecasting: the forecast package for R", JSS 27(3)),
# the reference implementation of ETS (Hyndman, Koehler, Ord and Snyder 2008, "Forecasting with Exponential
# Smoothing"), thetaf (Hyndman and Billah 2003) and the benchmark methods of "Forecasting: principles and
# practice" (Hyndman and Athanasopoulos).
#
# A generator only: seqlab never runs R. Install and run (Debian bookworm):
#   apt-get install --no-install-recommends r-cran-forecast     # R 4.2, forecast 8.20
#   cd toolkit/reference/forecast && Rscript make_reference.R
# Output: ../../src/test/resources/seqlab/forecast/r-forecast-<series>.json, rewritten byte for byte on every run.
suppressPackageStartupMessages(library(forecast))

here <- "."
out_dir <- file.path(here, "..", "..", "src", "test", "resources", "seqlab", "forecast")
datasets <- file.path(here, "..", "..", "..", "datasets", "src", "main", "resources", "seqlab", "datasets")

# ------------------------------------------------------------------------------------------------ JSON
num <- function(x) {
  x <- as.numeric(x)
  s <- ifelse(is.na(x), "null", formatC(x, digits = 17, format = "g"))
  gsub(" ", "", s)
}
vec <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
str <- function(x) paste0("\"", x, "\"")
obj <- function(...) {
  fields <- list(...)
  fields <- fields[!vapply(fields, is.null, logical(1))]
  paste0("{", paste(paste0(str(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}
arr <- function(items) paste0("[", paste(unlist(items), collapse = ",\n "), "]")

par_or_null <- function(par, name) if (name %in% names(par)) num(par[[name]]) else "null"

intervals <- function(fc) {
  list(mean = vec(fc$mean),
       lower80 = vec(fc$lower[, 1]), upper80 = vec(fc$upper[, 1]),
       lower95 = vec(fc$lower[, 2]), upper95 = vec(fc$upper[, 2]))
}

# ------------------------------------------------------------------------------------------------ cases
ets_case <- function(y, model, damped, h) {
  fit <- tryCatch(ets(y, model = model, damped = damped), error = function(e) NULL)
  if (is.null(fit)) return(NULL)
  # The full initial state: ets() estimates m - 1 seasonal states; the last one makes them sum to 0 (additive)
  # or to m (multiplicative). Order: l, b, s[0], s[-1], ..., s[-m+1] (s[0] is the most recent season).
  init <- fit$states[1, ]
  fc <- forecast(fit, h = h, level = c(80, 95))
  name <- paste0(substr(model, 1, 2), if (damped) "d" else "", substr(model, 3, 3))
  do.call(obj, c(list(model = str(name),
                      alpha = par_or_null(fit$par, "alpha"), beta = par_or_null(fit$par, "beta"),
                      gamma = par_or_null(fit$par, "gamma"), phi = par_or_null(fit$par, "phi"),
                      init_state = vec(init), loglik = num(fit$loglik), sigma2 = num(fit$sigma2),
                      aic = num(fit$aic), aicc = num(fit$aicc), bic = num(fit$bic),
                      fitted = vec(fitted(fit)), h = num(h)),
                 intervals(fc)))
}

init_case <- function(y, trend, season) {
  init <- forecast:::initstate(y, trend, season)
  obj(trend = str(trend), season = str(season), n = num(length(y)), init_state = vec(init))
}

theta_case <- function(y, h) {
  fc <- thetaf(y, h = h, level = c(80, 95))
  # thetaf does not report whether it found the series seasonal; its test (lag-m autocorrelation against a 90%
  # two-sided bound) is recomputed here so the fixture can state it.
  n <- length(y)
  m <- frequency(y)
  seasonal <- FALSE
  if (m > 1 && n > 2 * m) {
    r <- as.numeric(acf(y, lag.max = m, plot = FALSE)$acf)[-1]
    seasonal <- abs(r[m]) / sqrt((1 + 2 * sum(r[-m]^2)) / n) > qnorm(0.95)
  }
  # The SES fit inside thetaf, refitted on the same (adjusted) series for its initial level, so a test can rebuild
  # the Theta forecast from R's exact SES.
  x <- if (seasonal) seasadj(decompose(y, type = "multiplicative")) else y
  inner <- ses(x, h = h)$model
  do.call(obj, c(list(seasonal = tolower(seasonal), ses_alpha = num(inner$par[["alpha"]]),
                      ses_level0 = num(inner$par[["l"]]), alpha = num(fc$model$alpha), drift = num(fc$model$drift), sigma2 = num(fc$model$sigma),
                      h = num(h)), intervals(fc)))
}

benchmark_cases <- function(y, h) {
  cases <- list(naive = naive(y, h = h), drift = rwf(y, h = h, drift = TRUE), mean = meanf(y, h = h))
  if (frequency(y) > 1) cases$snaive <- snaive(y, h = h)
  items <- lapply(names(cases), function(n) do.call(obj, c(list(method = str(n)), intervals(cases[[n]]))))
  arr(items)
}

write_case <- function(name, y, source, ets_models, h, inits = list()) {
  m <- frequency(y)
  ets_items <- list()
  for (spec in ets_models) {
    item <- ets_case(y, spec$model, spec$damped, h)
    if (!is.null(item)) ets_items[[length(ets_items) + 1]] <- item
  }
  init_items <- lapply(inits, function(i) init_case(i$y, i$trend, i$season))
  doc <- obj(series = str(name), source = str(source),
             generator = str("toolkit/reference/forecast/make_reference.R"),
             r_version = str(paste(R.version$major, R.version$minor, sep = ".")),
             forecast_version = str(as.character(packageVersion("forecast"))),
             period = num(m), values = vec(y), levels = "[80,95]",
             ets = arr(ets_items), initial_states = arr(init_items), theta = theta_case(y, h),
             benchmarks = benchmark_cases(y, h))
  path <- file.path(out_dir, paste0("r-forecast-", name, ".json"))
  writeLines(doc, path)
  cat("wrote", path, "\n")
}

spec <- function(model, damped = FALSE) list(model = model, damped = damped)
read_series <- function(file, column) read.csv(file)[[column]]

# ------------------------------------------------------------------------------------------------ data
oil <- ts(read_series("fpp2-oildata.csv", "oil"), start = 1965, frequency = 1)
aus <- ts(read_series("fpp2-austourists.csv", "visitors"), start = c(1999, 1), frequency = 4)
airline <- ts(read_series(file.path(datasets, "airline", "airline.csv"), "passengers"), start = c(1949, 1),
              frequency = 12)
nile <- ts(read_series(file.path(datasets, "nile", "nile.csv"), "volume"), start = 1871, frequency = 1)
elec <- ts(read_series(file.path(datasets, "elec-equip", "elec-equip.csv"), "turnover_index"), start = c(1995, 1),
           frequency = 12)

nonseasonal <- list(spec("ANN"), spec("AAN"), spec("AAN", TRUE), spec("MNN"), spec("MAN"), spec("MAN", TRUE))
seasonal <- list(spec("ANA"), spec("AAA"), spec("AAA", TRUE), spec("MNA"), spec("MAA"), spec("MAA", TRUE),
                 spec("MNM"), spec("MAM"), spec("MAM", TRUE))

write_case("oildata", oil, "fpp2 oil (Hyndman, R package fpp2 2.4), as in statsmodels' test_exponential_smoothing.py",
           nonseasonal, 10, list(list(y = oil, trend = "N", season = "N"), list(y = oil, trend = "A", season = "N")))
write_case("austourists", aus,
           "fpp2 austourists (Hyndman, R package fpp2 2.4), as in statsmodels' test_exponential_smoothing.py",
           seasonal, 8, list(list(y = aus, trend = "A", season = "A"), list(y = aus, trend = "A", season = "M"),
                             list(y = window(aus, end = c(2001, 3)), trend = "A", season = "A"),
                             list(y = window(aus, end = c(2001, 3)), trend = "N", season = "M")))
write_case("airline", airline, "seqlab datasets/airline (Box and Jenkins series G)",
           list(spec("ANN"), spec("AAA"), spec("AAA", TRUE), spec("MNM"), spec("MAM"), spec("MAM", TRUE)), 24,
           list(list(y = airline, trend = "A", season = "M"),
                list(y = window(airline, end = c(1951, 6)), trend = "A", season = "M")))
write_case("nile", nile, "seqlab datasets/nile (Cobb 1978)", list(spec("ANN"), spec("MNN"), spec("AAN", TRUE)), 10)
write_case("elec-equip", elec, "seqlab datasets/elec-equip (Eurostat)", list(spec("AAA", TRUE)), 24)
