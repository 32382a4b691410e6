/**
 * Layers written once over the engine SPI: {@link seqlab.nn.Module} (named parameters with PyTorch's names),
 * {@link seqlab.nn.Linear}, {@link seqlab.nn.Embedding}, {@link seqlab.nn.LayerNorm}, initialisers in
 * {@link seqlab.nn.Init}; weights in and out of PyTorch as {@link seqlab.nn.Safetensors}; recurrent, attention and convolutional layers build on these.
 */
package seqlab.nn;
