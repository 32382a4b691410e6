// Translation, Spanish -> English (Reina-Valera 1909 / King James Bible verses) on BPE subwords: a GRU
// encoder-decoder with and without additive attention and a small Transformer against the copy baseline, one seed,
// a demonstration budget (about a minute on 2 cores). ./seqlab compare --task translation runs the canonical comparison.
// Run: ./seqlab jshell notebooks/translation-quick.jsh   (-R-Dseqlab.out=DIR picks the results folder)
// Prints the summary, BLEU by source length and a few test translations, and writes an HTML report with an
// attention heatmap (path printed).
import java.nio.file.Path;
import seqlab.datasets.Datasets;
import seqlab.experiment.*;
import seqlab.model.Models;

// 1000 verses of at most 10 words a side: far too little for good translations, enough to see the pipeline end to
// end (joint BPE learned on the training split, teacher forcing with label smoothing, batches of similar length,
// greedy decoding, detokenised BLEU and chrF on held-out pairs).
var task = new TranslationTask(Datasets.esEn(),
        TranslationTask.Options.defaults().subset(1000).maxWords(10).bpe(600, true).embedding(32).
                validationBleuSentences(50));
System.out.println(task);
// (JShell ends a statement at a line that completes one, so chained calls end their lines with a dot)
var results = Experiment.on(task).
        compare(Models.gru(48).with("attention", "additive").named("gru+attention"),
                Models.gru(48).named("gru"),
                Models.transformer(1, 48, 4).named("transformer")).
        train(t -> t.epochs(2).batchSize(32).adam(3e-3).clipNorm(1.0).labelSmoothing(0.1).patience(3)).
        seeds(1).engine("reference").
        out(Path.of(System.getProperty("seqlab.out", "reports/translation-quick"))).
        run();
System.out.println(results);
for (var t : results.trials()) {
    if (!t.ok()) {
        continue;
    }
    var out = t.translation();   // typed extras: every test sentence in test order, BLEU by length, attention
    System.out.println(t.spec().model().name() + ": BLEU by source length " + out.bleuByLength().stream().
            map(b -> b.label() + " " + String.format("%.1f", b.bleu())).toList());
}
// the fixed sample sentences, the same for every model: source, reference, each model's translation
System.out.println(TranslationTask.sampleTable(results).print());
System.out.println("report: " + results.report(results.directory()));
/exit
