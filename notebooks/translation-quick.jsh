// Translation on the quick budget: German -> English, 3000 pairs of at most 8 words a side, one seed, GRU with and
// without additive attention, a Transformer, and the copy baseline (about 5 minutes on 2 cores).
// Run: ./seqlab jshell notebooks/translation-quick.jsh
import java.nio.file.Path;
import seqlab.datasets.Datasets;
import seqlab.experiment.*;
import seqlab.model.Models;

var task = new TranslationTask(Datasets.deEn(),
        TranslationTask.Options.defaults().subset(3000).maxWords(8).embedding(64));
var results = Experiment.on(task)
        .compare(Models.gru(128).with("attention", "additive").dropout(0.2),
                 Models.gru(128).dropout(0.2),
                 Models.transformer(2, 128, 4).dropout(0.2))
        .train(t -> t.epochs(10).batchSize(32).adam(2e-3).clipNorm(1.0).patience(3))
        .seeds(1).engine("reference").out(Path.of("reports", "translation-quick"))
        .run();
System.out.println(results);
for (var t : results.trials()) {
    System.out.println(t.spec().model().name() + ": BLEU by source length " + t.extras().get("bleu_by_length"));
}
/exit
