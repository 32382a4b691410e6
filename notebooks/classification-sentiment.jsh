// Sentiment classification (UCI Sentiment Labelled Sentences): LSTM and GRU against the majority-class and
// bag-of-words baselines, two seeds and a paired test, about half a minute on 2 cores.
//   ./seqlab jshell notebooks/classification-sentiment.jsh
// Writes the results, an HTML report and a chart (paths printed); -R-Dseqlab.out=DIR picks the results folder.
import java.nio.file.Path;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.model.Models;
import seqlab.plot.Show;

// A stratified subset of 1000 sentences, the first 25 tokens of each: a budget for a demonstration, not a study
// (seqlab.experiments.Canonical.classification has the full-size settings).
var task = new ClassificationTask(Datasets.sentiment(),
        ClassificationTask.Options.defaults().maxExamples(1000).embedding(32).maxLength(25));
System.out.println(task);
// (JShell ends a statement at a line that completes one, so chained calls end their lines with a dot)
var results = Experiment.on(task).
    compare(Models.lstm(32).named("lstm"), Models.gru(32).named("gru")).
    train(t -> t.epochs(4).batchSize(32).adam(5e-3).clipNorm(1.0)).
    seeds(2).engine("reference").
    out(Path.of(System.getProperty("seqlab.out", "reports/classification-sentiment"))).
    run();
// A Results prints as its summary table with the verdicts against the baselines.
System.out.println(results);
System.out.println(results.compare("gru", "lstm").printAll());
// A chart opens as an HTML file (plotly.js inlined); Show.browse(...) would also open the browser.
Show.html(results.plot().curves());
System.out.println("report: " + results.report(results.directory()));
/exit
