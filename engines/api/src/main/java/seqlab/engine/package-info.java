/**
 * The engine SPI: {@link seqlab.engine.Tensor} with reverse-mode autograd, {@link seqlab.engine.Engine} to create
 * tensors, {@link seqlab.engine.EngineProvider} and {@link seqlab.engine.Engines} to find engines on the class path,
 * and optional capabilities such as {@link seqlab.engine.RecurrentKernels}.
 *
 * <p>Nothing in the toolkit names an engine; layers compose tensor ops and so run on every engine. Random numbers
 * always come from a {@link seqlab.engine.RandomSource}, in Java, so engines agree for a given seed.
 */
package seqlab.engine;
