/**
 * Charts, reports and tables, drawn the way a researcher would draw them by hand.
 *
 * <p>{@link seqlab.plot.Charts} draws the figures: dot plots with 95% CI whiskers (only where a model has two or more
 * seeds) zoomed to the models, with baselines as reference lines or, when far off, named at the edge; metric against
 * parameter count with names on hover and baselines as horizontal lines; learning curves with whole-number epoch ticks
 * and no markers past 30 points; forecasts, lines and heatmaps. Titles are in
 * sentence case with metrics under their display names ({@link seqlab.plot.Labels}: "Test MASE", "macro-F1").
 *
 * <p>{@link seqlab.plot.SeriesStyles} gives every series its look: Paul Tol's colour-blind-safe "muted" palette crossed
 * with dash and marker variations, so no two series of a chart look alike even with fifteen of them; the actual data
 * is a thick light-grey line and baselines are dark grey and dashed, each with a fixed look. A report holds one registry
 * ({@link seqlab.plot.HtmlReport#styles()}, shared by every page of a {@link seqlab.plot.ReportSite}) and restyles
 * every figure added to it, so a model has one look in all charts of a report, whoever drew the chart.
 *
 * <p>{@link seqlab.plot.HtmlReport} puts tables, figures and JSON on one page; a {@link seqlab.plot.ReportSite} is a
 * folder of such pages (the index and one report per task) that share one copy of plotly.js at its top, loaded by a
 * relative path, so a folder of many charts stays a few megabytes and still opens offline from {@code file://}; the
 * "open alone" page of each chart loads the same file. {@link seqlab.plot.TextTables} prints tables for terminals,
 * JShell and notebooks: numbers rounded per column ({@link seqlab.plot.Cells}), columns without values left out, wide
 * tables fitted to the width with the dropped columns named. The tests open the pages in headless Chromium
 * ({@code seqlab.testing.HeadlessChromium}, in the test-support module) and check by the DOM that every trace drew,
 * no two traces of a chart share colour and dash, and no legend spills out.
 *
 * <p>plotly.js is bundled as a resource ({@code seqlab/plot/plotly.min.js}, from the npm package
 * {@code plotly.js-dist-min}; see {@code SOURCE.md} next to it), so reports and notebooks render offline and never
 * reach a CDN.
 */
package seqlab.plot;
