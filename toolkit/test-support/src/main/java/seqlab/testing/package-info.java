/**
 * Test support shared by seqlab's modules, kept out of every jar that ships: {@link seqlab.testing.HeadlessChromium}
 * opens a report or a converted notebook in headless Chromium and says whether each chart drew, what reached the
 * console and what the page tried to fetch. Modules depend on it in test scope only.
 */
package seqlab.testing;
