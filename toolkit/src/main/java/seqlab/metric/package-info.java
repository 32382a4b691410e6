/**
 * Evaluation metrics. The statistics that compare models with them are in {@link seqlab.stats}.
 *
 * <ul>
 *   <li>Classification: {@link seqlab.metric.ClassificationMetrics} (accuracy, macro-F1) and
 *       {@link seqlab.metric.ConfusionMatrix} (per-class precision, recall, F1).</li>
 *   <li>Translation: {@link seqlab.metric.Bleu} (corpus and sentence BLEU exactly as sacreBLEU 2.x computes it
 *       by default, with the mteval-v13a tokenizer {@link seqlab.metric.Tokenizer13a}; BLEU by source-length
 *       bucket) and {@link seqlab.metric.Chrf} (chrF2, sacreBLEU defaults).</li>
 *   <li>Forecasting: {@link seqlab.metric.ForecastMetrics} (MAE, RMSE, sMAPE, MASE), always on the original
 *       scale of the series;
 *       {@link seqlab.metric.ProbabilisticMetrics} for probabilistic forecasts (CRPS in closed form for Gaussians and
 *       from samples or quantiles, pinball loss, interval coverage, Winkler's interval score, M4's MSIS).</li>
 * </ul>
 *
 * <p>Everything here works on plain Java arrays and lists, needs no engine, and is deterministic. Inputs users can
 * get wrong (length mismatches, empty input, non-finite values) are rejected with an
 * {@link java.lang.IllegalArgumentException} that says what was wrong and how to fix it.
 *
 * <p>References: Papineni, Roukos, Ward and Zhu (2002), "BLEU: a Method for Automatic Evaluation of Machine
 * Translation", ACL; Post (2018), "A Call for Clarity in Reporting BLEU Scores", WMT (sacreBLEU); Popović (2015),
 * "chrF: character n-gram F-score for automatic MT evaluation", WMT; Hyndman and Koehler (2006), "Another look at
 * measures of forecast accuracy", International Journal of Forecasting 22(4); Gneiting and Raftery (2007), "Strictly
 * proper scoring rules, prediction, and estimation", JASA 102(477).
 */
package seqlab.metric;
