/**
 * Charts and reports.
 *
 * <p>{@link seqlab.plot.Charts} draws tablesaw-jsplot figures; {@link seqlab.plot.HtmlReport} puts tables,
 * figures and JSON on one self-contained page; {@link seqlab.plot.TextTables} prints tables for terminals. The tests
 * open the pages in headless Chromium ({@code seqlab.testing.HeadlessChromium}, in the test-support module).
 *
 * <p>plotly.js is bundled as a resource ({@code seqlab/plot/plotly.min.js}, from the npm package
 * {@code plotly.js-dist-min}; see {@code SOURCE.md} next to it) and inlined into every page or notebook
 * that shows a chart, so reports and notebooks render offline and never reach a CDN.
 */
package seqlab.plot;
