// German to English translation (Ding dictionary sentence pairs): a GRU encoder-decoder with additive attention
// against the copy-the-source baseline, a demonstration budget of about half a minute on 2 cores.
//   ./seqlab jshell notebooks/translation-de-en.jsh
// Writes the results and an HTML report with BLEU by length and an attention heatmap (path printed);
// -R-Dseqlab.out=DIR picks the results folder. ./seqlab compare --task translation runs the full comparison.
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.experiment.Experiment;
import seqlab.experiment.TranslationTask;
import seqlab.model.Models;

// Pairs of at most 5 words a side, a fixed subset of 2000 of them: far too little for good translations, enough to
// see the pipeline end to end (vocabularies on the training split, teacher forcing, greedy decoding, BLEU, chrF).
var task = new TranslationTask(Datasets.deEn(),
        TranslationTask.Options.defaults().maxWords(5).subset(2000).embedding(48).validationBleuSentences(50));
System.out.println(task);
// (JShell ends a statement at a line that completes one, so chained calls end their lines with a dot)
var results = Experiment.on(task).
    compare(Models.gru(48).with("attention", "additive").named("gru+attention")).
    train(t -> t.epochs(4).batchSize(32).adam(3e-3).clipNorm(1.0).patience(3)).
    seeds(1).engine("reference").
    out(Path.of(System.getProperty("seqlab.out", "reports/translation-de-en"))).
    run();
System.out.println(results);
// Each trial keeps a few test translations in its extras.
for (var r : results.trials()) {
    if (r.ok() && r.extras().get("samples") instanceof List<?> samples) {
        System.out.println(r.spec().model().name() + ":");
        for (Object s : samples) {
            var m = (Map<?, ?>) s;
            System.out.println("  " + m.get("source") + "  ->  " + m.get("hypothesis") + "   (reference: " + m.get("reference") + ")");
        }
    }
}
System.out.println("report: " + results.report(results.directory()));
/exit
