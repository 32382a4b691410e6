// Forecasting the airline passengers (Box & Jenkins series G, monthly, seasonal period 12): LSTM, GRU, CNN and a
// Transformer against the naive, seasonal naive, drift and mean forecasts, one seed, about a minute on 2 cores.
//   ./seqlab jshell notebooks/forecasting-airline.jsh
// Test part: the last 12 months (1960); validation: the 12 before; lookback 24 months; MASE on the original scale.
import java.nio.file.Path;
import seqlab.datasets.Datasets;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.model.Models;

var task = new ForecastingTask(Datasets.airline());
System.out.println(task);
// (JShell ends a statement at a line that completes one, so chained calls end their lines with a dot)
var results = Experiment.on(task).
    compare(Models.lstm(32), Models.gru(32), Models.cnn(32), Models.transformer(1, 32, 4)).
    train(t -> t.epochs(150).batchSize(16).adam(3e-3).clipNorm(1.0).patience(25)).
    seeds(1).engine("reference").
    out(Path.of(System.getProperty("seqlab.out", "reports/forecasting-airline"))).
    run();
System.out.println(results.summary().sortAscendingOn("mase_mean").printAll());
/exit
