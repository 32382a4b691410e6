/**
 * Real datasets shipped inside this jar, and their loaders: start at {@link seqlab.datasets.Datasets}.
 *
 * <p>Each dataset is a folder of resources under {@code seqlab/datasets/<name>/}: the data file, {@code SOURCE.md}
 * (registry, package, version, path, paper to cite, every transformation), its licence text and
 * {@code SHA256SUMS}. Loading reads only the class path (nothing downloads), verifies the checksum, parses
 * strictly (a bad row is an error naming file, line and problem), and caches the result for the JVM's life.
 * The script {@code datasets/prepare} in the source tree regenerates every data file from its registry package.
 */
package seqlab.datasets;
