/**
 * The pure-Java reference engine: readable autograd ({@code Autograd}, which sums the gradients reaching a tensor in
 * one buffer and adds a narrow's gradient into its region, so step-by-step recurrences back-propagate in linear time),
 * contiguous Java-array tensors ({@code RefTensor}: the {@link seqlab.engine.Tensor} primitives, plus one-pass
 * kernels for a few composites: layer norm, a float32 softmax over the last axis, dropout, broadcasts that repeat a
 * row or a value without offset tables), Vector API matrix kernels ({@code VectorGemm}: an 8 x 2-vector register
 * block, operands read transposed in place) with a bit-identical scalar fallback, and fused recurrent kernels
 * ({@code FusedRecurrence}) for every RNN, LSTM (peephole, coupled gates, projection) and GRU configuration, the two
 * directions of a bidirectional layer on two threads at once. Work splits across threads in fixed pieces whose
 * arithmetic does not depend on the split ({@code Parallel}), so every result is the same bits for any thread count.
 * It depends on the engine API alone; its benchmarks live in {@code engines/benchmarks}.
 */
package seqlab.engine.reference;
