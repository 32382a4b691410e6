/**
 * The conformance suite every engine runs: abstract JUnit classes ({@link seqlab.conformance.TensorOpsConformance},
 * {@link seqlab.conformance.GradientConformance}, ...) that an engine's test module extends with one method naming its
 * engine, plus {@link seqlab.conformance.GradCheck} for finite-difference checks and {@link seqlab.conformance.Golden}
 * for the golden values computed with PyTorch ({@code engines/conformance/golden/make_golden.py}).
 *
 * <p>The op suites need the engine API alone. The layer suites ({@link seqlab.conformance.AttentionConformance},
 * {@link seqlab.conformance.TransformerConformance}, {@link seqlab.conformance.ConvConformance}, the recurrent ones)
 * run the toolkit's {@code seqlab.nn} layers on the engine: gradient checks in float64 where the engine has it,
 * closed-form properties, and the PyTorch fixtures loaded into the layers by parameter name; the model, optimizer,
 * training and data suites use {@code seqlab.model}, {@code seqlab.train} and {@code seqlab.data}. So this module
 * depends on the toolkit, never on the tasks or the datasets: whole-task suites live in {@code seqlab.conformance.tasks}
 * (module {@code engines/conformance-tasks}).
 *
 * <p>{@link seqlab.conformance.PrimitivesOnly} restricts an engine to the {@link seqlab.engine.Tensor} primitives, so
 * the suites can prove the composites written once in the API.
 */
package seqlab.conformance;
