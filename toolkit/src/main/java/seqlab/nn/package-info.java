/**
 * Layers written once over the engine SPI: {@link seqlab.nn.Module} (named parameters with PyTorch's names),
 * {@link seqlab.nn.Linear}, {@link seqlab.nn.Embedding}, {@link seqlab.nn.LayerNorm}, initialisers in
 * {@link seqlab.nn.Init}; weights in and out of PyTorch as {@link seqlab.nn.Safetensors}; recurrent, attention and
 * convolutional layers build on these.
 *
 * <p>Recurrent stacks: {@link seqlab.nn.Rnn}, {@link seqlab.nn.Lstm} and {@link seqlab.nn.Gru} over
 * {@link seqlab.nn.Recurrent}, described by the {@link seqlab.nn.RecurrentConfig} record (layers, directions,
 * dropout between layers, variational recurrent dropout, initialisation, forget-gate bias, peepholes, coupled gates,
 * projection, the GRU's reset placement and update convention); the engine's fused kernels run what they support and
 * composed ops the rest. A temporal CNN stack is a {@link seqlab.nn.ConvConfig}.
 *
 * <p>Attention and Transformers: {@link seqlab.nn.Masks} (key-padding and causal masks, 1 = may not attend),
 * {@link seqlab.nn.Attention} (masked softmax, scaled dot-product), the {@link seqlab.nn.AttentionLayer}s
 * {@link seqlab.nn.AdditiveAttention}, {@link seqlab.nn.LuongAttention}, {@link seqlab.nn.ScaledDotProductAttention},
 * {@link seqlab.nn.MultiheadAttention}; positional encodings; {@link seqlab.nn.TransformerEncoderLayer},
 * {@link seqlab.nn.TransformerDecoderLayer} and their stacks, configured by {@link seqlab.nn.TransformerConfig}.
 * Convolution: {@link seqlab.nn.Conv1d} and {@link seqlab.nn.TemporalPooling}.
 *
 * <p>Batches are batch-first, {@code (batch, time, features)}, padded on the right; lengths are {@code int[]}. The
 * padding token's embedding is an {@link seqlab.nn.Embedding} padding row, as PyTorch's {@code padding_idx}: zero and
 * never trained.
 */
package seqlab.nn;
