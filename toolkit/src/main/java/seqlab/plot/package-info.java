/**
 * Charts: tablesaw-jsplot figures and the plotly.js that draws them.
 *
 * <p>plotly.js is bundled as a resource ({@code seqlab/plot/plotly.min.js}, from the npm package
 * {@code plotly.js-dist-min}; see {@code SOURCE.md} next to it) and inlined into every page or notebook
 * that shows a chart, so reports and notebooks render offline and never reach a CDN.
 */
package seqlab.plot;
