/**
 * The LibTorch engine, registered as {@code pytorch}: the {@link seqlab.engine.Tensor} primitives of
 * {@code seqlab.engine} on DJL's PyTorch binding (LibTorch 2.7.1 from the {@code pytorch-native-cpu} jar by default,
 * LibTorch 2.5.1 for CUDA 12.4 with the {@code cuda} Maven profile, or a LibTorch at {@code PYTORCH_LIBRARY_PATH};
 * always offline), LibTorch's own kernels for the composites it has ({@code softmax}, {@code logSoftmax},
 * {@code max}, {@code relu}, {@code clamp}, {@code sub}, {@code unbind}), and LibTorch's fused RNN/LSTM/GRU as the
 * engine's {@link seqlab.engine.RecurrentKernels}. {@link seqlab.engine.pytorch.LibTorchBuild} says which LibTorch
 * was loaded, from where, and what CUDA, driver and GPUs it sees. It depends on the engine API and DJL alone.
 */
package seqlab.engine.pytorch;
