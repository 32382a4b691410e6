/**
 * Task-level suites every engine passes, kept apart from the engine conformance suite because they need the tasks
 * ({@code seqlab.experiment}) and the shipped datasets: {@link seqlab.conformance.tasks.ForecastingConformance} (the
 * forecasting task on the airline series, baselines, scaling, forecasters of every family) and
 * {@link seqlab.conformance.tasks.TranslationConformance} (sequence-to-sequence models, decoding, the translation task
 * end to end). An engine's test module extends each with one method returning its engine, as for the suites in
 * {@code seqlab.conformance}.
 */
package seqlab.conformance.tasks;
