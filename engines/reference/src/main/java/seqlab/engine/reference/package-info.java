/**
 * The pure-Java reference engine: readable autograd ({@code Autograd}, which sums the gradients reaching a tensor in
 * one buffer and adds a narrow's gradient into its region, so step-by-step recurrences back-propagate in linear time),
 * contiguous Java-array tensors ({@code RefTensor}: the {@link seqlab.engine.Tensor} primitives, plus one-pass
 * kernels for a few composites and the softmax family in double precision) and Vector API matrix kernels
 * ({@code VectorGemm}) with a bit-identical scalar fallback. It depends on the engine API alone; its benchmarks live
 * in {@code engines/benchmarks}.
 */
package seqlab.engine.reference;
