/**
 * The conformance suite every engine runs: abstract JUnit classes ({@link seqlab.conformance.TensorOpsConformance},
 * {@link seqlab.conformance.GradientConformance}) that an engine's test module extends with one method naming its
 * engine, plus {@link seqlab.conformance.GradCheck} for finite-difference checks and {@link seqlab.conformance.Golden} for the
 * golden values computed with PyTorch ({@code engines/conformance/golden/make_golden.py}).
 *
 * <p>The layer suites ({@link seqlab.conformance.AttentionConformance}, {@link seqlab.conformance.TransformerConformance},
 * {@link seqlab.conformance.ConvConformance}) run the {@code seqlab.nn} attention, Transformer and convolution layers on
 * the engine: gradient checks in float64 where the engine has it, closed-form properties, and the PyTorch fixtures
 * loaded into the layers by parameter name.
 *
 * <p>{@link seqlab.conformance.ForecastingConformance} runs the forecasting task end to end on the engine: baselines
 * against hand-computed values, scaling that never sees the test part, forecaster shapes and gradients, and the
 * airline series through the experiment runner.
 */
package seqlab.conformance;
