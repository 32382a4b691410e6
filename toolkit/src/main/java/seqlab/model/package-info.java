/**
 * Task architectures and the specs that describe them: {@link seqlab.model.ModelSpec} values made by
 * {@link seqlab.model.Models}, built into classifiers, encoder-decoders and forecasters over any engine.
 */
package seqlab.model;
