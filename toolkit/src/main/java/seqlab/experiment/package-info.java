/**
 * Comparisons that cannot lie: an {@link seqlab.experiment.Experiment} (a record: task, models, grid, training,
 * seeds, engines) expands into {@link seqlab.experiment.TrialSpec}s, runs them on a
 * {@link seqlab.experiment.TrialRunner}, stores each {@link seqlab.experiment.TrialResult} at once in a
 * {@link seqlab.experiment.ResultStore}, and gathers {@link seqlab.experiment.Results} (Tablesaw tables, charts,
 * an HTML report).
 *
 * <ul>
 *   <li>Training settings are typed: {@link seqlab.experiment.TrainConfig} holds an optimizer spec, an
 *       {@link seqlab.experiment.LrSchedule}, clipping, a step budget and label smoothing.</li>
 *   <li>{@code vary(...)} sweeps model and training settings; every grid point is named after what varies
 *       ({@code gru[hidden=8]}, {@code lstm[lr=0.01]}) and two models that would share a name are an error before
 *       anything runs, so results never pool configurations as if they were seeds.</li>
 *   <li>A trial's id is a hash of its canonical spec ({@link seqlab.experiment.TrialSpec#canonical()}): the task and
 *       all its options, the data's content hash, the model's settings, the training configuration, the seed, the
 *       engine with its version and device, and the result format. A stored trial is reused only when its file's
 *       canonical spec equals the requested one; otherwise, or when the file is garbled, a one-line error names the
 *       file.</li>
 *   <li>The three tasks ({@link seqlab.experiment.ClassificationTask}, {@link seqlab.experiment.TranslationTask},
 *       {@link seqlab.experiment.ForecastingTask}) run one skeleton, {@link seqlab.experiment.TrialTemplate}:
 *       prepare → build → train → record epochs → predict → metrics; each supplies its data, head and metrics, and
 *       returns typed {@link seqlab.experiment.Extras} with every test example's output in a fixed order (for paired
 *       tests).</li>
 *   <li>Trials run side by side on a local pool sized to the machine ({@link seqlab.experiment.Parallelism}: trials
 *       × threads per trial ≤ cores, each engine's threads divided for the run), the longest first by
 *       {@link seqlab.experiment.Task#trialCost}; {@link seqlab.experiment.Experiment#runAll} puts several experiments
 *       in one pool. On the reference engine the numbers are those of a serial run, bit for bit. A trial that runs out
 *       of heap beside others runs again alone, and fails by itself if it still does not fit.</li>
 *   <li>While a run goes, a {@link seqlab.experiment.ProgressView} shows it: on a terminal a live line per running
 *       trial and an overall bar with the time left; elsewhere a line per finished trial; in a notebook one output
 *       block updated in place.</li>
 * </ul>
 */
package seqlab.experiment;
