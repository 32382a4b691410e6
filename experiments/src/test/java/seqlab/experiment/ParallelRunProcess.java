package seqlab.experiment;

import java.nio.file.Path;
import seqlab.datasets.Datasets;
import seqlab.model.Models;

/**
 * A run in its own JVM, for {@link ParallelTrialsTest}: {@code kill DIR} runs {@link #killable} into DIR (the test kills
 * it half-way); {@code oom DIR} runs {@link #withAHugeTrial} and prints each trial's name, status and error.
 */
public final class ParallelRunProcess {
    private ParallelRunProcess() {
    }

    /** Twelve real trials of a few seconds each, two at a time. */
    static Experiment killable(Path dir) {
        var task = new ClassificationTask(Datasets.sentiment(),
                ClassificationTask.Options.defaults().maxExamples(240).embedding(8).maxLength(12));
        return Experiment.on(task).compare(Models.lstm(8), Models.gru(8), Models.rnn(8), Models.cnn(8))
                .train(t -> t.epochs(2).batchSize(16).adam(3e-3).patience(0))
                .seeds(2).engine("reference").out(dir).parallelism(2).quiet();
    }

    /** Two small forecasters and one whose weights alone (about 1 GB) do not fit a small heap. */
    static Experiment withAHugeTrial(Path dir) {
        return Experiment.forecast(Datasets.airline())
                .compare(Models.lstm(4), Models.lstm(8192).named("huge"), Models.gru(4))
                .train(t -> t.epochs(1).batchSize(16).patience(0))
                .withoutBaselines().engine("reference").out(dir).parallelism(2).quiet();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "kill" -> killable(dir).run();
            case "oom" -> {
                for (TrialResult r : withAHugeTrial(dir).run().trials()) {
                    System.out.println(r.spec().model().name() + " " + r.status() + " " + r.error());
                }
            }
            default -> throw new IllegalArgumentException("kill or oom, got " + args[0]);
        }
    }
}
