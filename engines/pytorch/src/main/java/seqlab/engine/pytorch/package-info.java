/**
 * The LibTorch engine, registered as {@code pytorch}: the SPI of {@code seqlab.engine} on DJL's PyTorch binding
 * (LibTorch 2.7.1 from the {@code pytorch-native-cpu} jar, offline), with LibTorch's fused RNN/LSTM/GRU as the
 * engine's {@link seqlab.engine.RecurrentKernels}.
 */
package seqlab.engine.pytorch;
