/**
 * The LibTorch engine, registered as {@code pytorch}: the SPI of {@code seqlab.engine} on DJL's PyTorch binding
 * (LibTorch 2.7.1 from the {@code pytorch-native-cpu} jar by default, LibTorch 2.5.1 for CUDA 12.4 with the
 * {@code cuda} Maven profile, or a LibTorch at {@code PYTORCH_LIBRARY_PATH}; always offline), with LibTorch's fused
 * RNN/LSTM/GRU as the engine's {@link seqlab.engine.RecurrentKernels}. {@link seqlab.engine.pytorch.LibTorchBuild}
 * says which LibTorch was loaded, from where, and what CUDA, driver and GPUs it sees.
 */
package seqlab.engine.pytorch;
