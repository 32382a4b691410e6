/**
 * Microbenchmarks of the reference engine's kernels (JMH: {@link seqlab.bench.kernels.GemmJmh},
 * {@link seqlab.bench.kernels.RecurrentJmh}) and a plain matrix-product throughput run
 * ({@link seqlab.bench.kernels.MatmulThroughput}). They call the kernels through the engine API, as layers do, so
 * they live in their own package and the engine's jar carries no benchmark and no {@code main}. Built only with the
 * {@code bench} Maven profile; see {@code engines/benchmarks/README.md}.
 */
package seqlab.bench.kernels;
