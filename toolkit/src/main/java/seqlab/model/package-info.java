/**
 * Task architectures and the typed specs that describe them.
 *
 * <p>A {@link seqlab.model.ModelSpec} is a sealed family of records, validated on construction:
 * {@link seqlab.model.RecurrentSpec} (a {@link seqlab.nn.RecurrentConfig}), {@link seqlab.model.TransformerSpec} (a
 * {@link seqlab.nn.TransformerConfig}, depth and positional encoding) and {@link seqlab.model.ConvSpec} (a
 * {@link seqlab.nn.ConvConfig}), each with the {@link seqlab.model.TaskHeads} a task puts around the encoder.
 * {@link seqlab.model.Models} makes them ({@code Models.lstm(128).bidirectional()}); a
 * {@link seqlab.model.Baseline} is a task's reference point that is not a sequence model; both are
 * {@link seqlab.model.Candidate}s of a comparison.
 *
 * <p>Every knob has a name: {@code with("recurrent_dropout", 0.2)}, {@code Experiment.vary("hidden", 64, 128)}, the
 * command line's {@code lstm:hidden=128:layers=2} ({@link seqlab.model.SpecSyntax}) and the JSON of stored trials
 * all go through one validated table of {@link seqlab.model.Setting}s, so a misspelt key or a value of the wrong
 * type fails at once, listing the valid ones. A spec's {@link seqlab.model.Candidate#settings()} spell out every
 * default: it is what a trial's identity hashes.
 *
 * <p>Each spec builds its encoder ({@link seqlab.model.SequenceEncoder}) and counts its parameters through its config,
 * one formula for both; the task models {@link seqlab.model.SequenceClassifier}, {@link seqlab.model.Seq2Seq} and
 * {@link seqlab.model.Forecaster} add their heads.
 */
package seqlab.model;
