/**
 * The conformance suite every engine runs: abstract JUnit classes ({@link seqlab.conformance.TensorOpsConformance},
 * {@link seqlab.conformance.GradientConformance}) that an engine's test module extends with one method naming its
 * engine, plus {@link seqlab.conformance.GradCheck} for finite-difference checks and {@link seqlab.conformance.Golden} for the
 * golden values computed with PyTorch ({@code engines/conformance/golden/make_golden.py}).
 */
package seqlab.conformance;
