/**
 * The pure-Java reference engine: readable autograd ({@code Autograd}), contiguous Java-array tensors
 * ({@code RefTensor}) and Vector API matrix kernels ({@code VectorGemm}) with a bit-identical scalar fallback.
 */
package seqlab.engine.reference;
