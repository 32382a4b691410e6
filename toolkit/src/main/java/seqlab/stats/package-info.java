/**
 * Statistics for comparing models: summaries over seeds, paired significance and equivalence tests, effect sizes
 * with confidence intervals, the family-wise correction, and the verdicts reports print.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link seqlab.stats.Stats}: mean, standard deviation, Student-t interval, paired t-test, Wilcoxon
 *       signed-rank test, the t and normal distributions ({@link seqlab.stats.TestResult},
 *       {@link seqlab.stats.ConfidenceInterval}).</li>
 *   <li>Tests over seeds: {@link seqlab.stats.SeedTest} (paired t with the mean difference, its interval and
 *       Cohen's d_z; Wilcoxon beside it).</li>
 *   <li>Tests over test examples: {@link seqlab.stats.PairedBootstrap} (Koehn 2004, for any metric with
 *       per-example sufficient statistics, {@link seqlab.stats.PerExample}: accuracy, macro-F1, BLEU, chrF, MAE, RMSE,
 *       MASE), {@link seqlab.stats.ApproximateRandomization}, {@link seqlab.stats.McNemar} (paired classifications),
 *       {@link seqlab.stats.DieboldMariano} (forecast errors, with the Harvey–Leybourne–Newbold correction).</li>
 *   <li>{@link seqlab.stats.Equivalence}: two one-sided tests against a stated margin, for "similar" claims.</li>
 *   <li>{@link seqlab.stats.Holm}: step-down adjusted p-values.</li>
 *   <li>{@link seqlab.stats.Evidence} (what a test says about candidate − reference; {@link
 *       seqlab.stats.Evidence#joint} requires several tests at once), {@link seqlab.stats.Comparison} (one
 *       hypothesis of a family), {@link seqlab.stats.Verdicts#decide} (Holm over the family, then a
 *       {@link seqlab.stats.Verdict} per comparison: better, worse, equivalent, no detectable difference, or not
 *       tested with the reason), {@link seqlab.stats.Verdicts#table} (the Tablesaw view) and
 *       {@link seqlab.stats.Ranking} (the strongest baseline, best vs runner-up, and so the family).</li>
 * </ul>
 * Every difference is {@code candidate − reference} in the metric's units; a {@link seqlab.stats.Direction} says
 * which sign is good. Everything is deterministic: resampling draws from a seeded
 * {@link seqlab.engine.RandomSource}. Bad input (NaN scores, unpaired lengths, empty samples, mismatched metrics)
 * is an {@link java.lang.IllegalArgumentException} naming the problem and the fix.
 *
 * <h2>How verdicts are wired into experiments</h2>
 * <p><b>What each trial stores</b>, beside its per-seed metric values (test, and validation for ranking):
 * <ul>
 *   <li>Classification: the predicted class of every test example, in test-split order (the targets belong to the
 *       split and are stored once, with its content hash). Gives {@link seqlab.stats.PerExample#accuracy},
 *       {@link seqlab.stats.PerExample#macroF1} and {@link seqlab.stats.McNemar}.</li>
 *   <li>Translation: the detokenised hypothesis of every test sentence. BLEU and chrF statistics follow from it
 *       ({@link seqlab.stats.PerExample#bleu}, {@link seqlab.stats.PerExample#chrf}), any later metric can be added,
 *       and reports can show examples. A store that must not hold text keeps the per-sentence statistics instead
 *       ({@link seqlab.metric.BleuStatistics}, {@link seqlab.metric.Chrf#statistics}), which is all the tests
 *       need.</li>
 *   <li>Forecasting: for every forecast point its origin (window), its step ahead (1..H), the forecast and the
 *       actual value on the original scale, and the training series' seasonal-naive scale for MASE.</li>
 * </ul>
 *
 * <p><b>Which test applies.</b> A verdict needs at least 3 seeds ({@link seqlab.stats.Verdicts#MIN_SEEDS}), seed i
 * of every model sharing data split and batch order i. Its evidence is the joint (intersection–union) test of
 * <ol>
 *   <li>{@link seqlab.stats.SeedTest} on the per-seed metric: does the difference survive training randomness
 *       (initialisation, batch order)? and</li>
 *   <li>a test over test examples on the seed-averaged outputs: does it survive a different test sample?
 *       Classification and translation use {@link seqlab.stats.PairedBootstrap} with one
 *       {@link seqlab.stats.PerExample} per seed (accuracy or macro-F1; BLEU or chrF). Forecasting uses
 *       {@link seqlab.stats.DieboldMariano} on the seed-averaged loss differential, per step ahead h (absolute loss
 *       for MAE and MASE, squared for RMSE), because resampling forecast points one by one would ignore their
 *       serial correlation.</li>
 * </ol>
 * Why both: a test over seeds treats the test set as fixed and one over examples treats the trained networks as
 * fixed; each misses the other's variance. Clark, Dyer, Lavie and Smith (2011, "Better hypothesis testing for
 * statistical machine translation: controlling for optimizer instability", ACL) show that one optimiser run can
 * make a difference look significant over sentences that another run reverses, and Bouthillier et al. (2021,
 * "Accounting for variance in machine learning benchmarks", MLSys) that seed and data-sampling variance are of
 * similar size. The intersection–union test (Berger 1982) rejects only when both do, is a level-α test without
 * correction, and its p-value is the larger of the two. The example-level test runs on seed-averaged outputs (the
 * same resampled examples for every seed) rather than once per seed pair, so it yields one p-value with the same
 * point estimate as the seed test, and no p-value combination (which would assume independence that the shared
 * test set breaks) is needed. With fewer than 3 seeds the comparison is NOT_TESTED, and the reason says to run
 * more seeds; a user who wants single-run example-level tests passes {@code minSeeds = 1} explicitly.
 *
 * <p>Equivalence claims ("LSTM and GRU perform similarly") add {@link seqlab.stats.Equivalence#joint} of
 * {@link seqlab.stats.Equivalence#overSeeds} and {@link seqlab.stats.PairedBootstrap.Result#equivalence} with a
 * margin the experiment states up front.
 *
 * <p><b>Families for Holm.</b> One family per report and main metric: every model against the strongest baseline
 * of the task, plus the best entry against the runner-up ({@link seqlab.stats.Ranking#family}, ranked on the
 * validation split so that choosing the reference does not peek at the test data). Secondary metrics are
 * descriptive, with intervals but without verdicts, unless a claim names them. A claim experiment's family is
 * the set of comparisons its claim rests on. Untested comparisons are not counted. Equivalence tests form their
 * own family. The report prints {@link seqlab.stats.Verdict#correction()} under the verdicts.
 *
 * <p>References beyond those in each class: Koehn (2004), "Statistical significance tests for machine translation
 * evaluation", EMNLP; Dror, Baumer, Shlomov and Reichart (2018), "The hitchhiker's guide to testing statistical
 * significance in natural language processing", ACL.
 */
package seqlab.stats;
