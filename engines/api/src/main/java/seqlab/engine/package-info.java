/**
 * The engine SPI, the whole of the {@code seqlab-engine-api} artifact (it needs the JDK and the SLF4J facade,
 * nothing else): {@link seqlab.engine.Tensor} with reverse-mode autograd, {@link seqlab.engine.Engine} to create
 * tensors, {@link seqlab.engine.EngineProvider} and {@link seqlab.engine.Engines} to find engines on the class path,
 * and optional capabilities such as {@link seqlab.engine.RecurrentKernels}.
 *
 * <p>{@code Tensor} is split in two. Its 37 abstract methods are the primitives an engine implements (see the README's
 * "Add an engine"); every other op is a default method composed from them once, here, and an engine overrides one
 * only for a faster or more precise kernel with the same meaning. {@link seqlab.engine.TensorChecks} holds every
 * argument check, so each primitive and composite rejects bad input with one message on every engine. Fused kernels
 * take one {@link seqlab.engine.RecurrentKernels.RecurrentRequest}, and {@link seqlab.engine.CellKind} names a
 * recurrent cell for layers and kernels alike.
 *
 * <p>Nothing here names an engine; layers compose tensor ops and so run on every engine. Random numbers always come
 * from a {@link seqlab.engine.RandomSource}, in Java, so engines agree for a given seed.
 */
package seqlab.engine;
