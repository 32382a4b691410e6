/**
 * The engine benchmark behind {@code ./seqlab bench}: the seed configuration and its neighbours, timed on every
 * engine in one process with the runs interleaved, written once over {@link seqlab.engine.Tensor} ops and layers so
 * any engine can be measured. {@link seqlab.bench.BenchModel} says what is timed and how many floating-point
 * operations it costs; {@link seqlab.bench.Benchmark} times it and reports {@link seqlab.bench.BenchRow}s.
 */
package seqlab.bench;
