// Train a tiny LSTM classifier, stop, and resume from the checkpoint: seqlab.train in a few lines.
// Run: ./seqlab jshell notebooks/train-and-resume.jsh   (or jshell --class-path <seqlab jars> this file)
// The toy task: the class of a sequence is its first token; 20 noise tokens follow, so the model must remember.
import java.nio.file.*;
import java.util.*;
import seqlab.engine.*;
import seqlab.nn.*;
import seqlab.nn.Module;                         // explicit: java.lang.Module has the same simple name
import seqlab.train.*;

var engine = Engines.get("reference");

// A one-layer LSTM composed from Linear and tensor ops (seqlab.nn.Lstm does the same, fused where it can).
class TinyLstm extends Module {
    final Linear ih, hh, out; final int n;
    TinyLstm(Engine e, int vocab, int hidden, int classes, RandomSource rng) {
        super(e); n = hidden;
        ih = addModule("ih", new Linear(e, vocab, 4 * hidden, rng));
        hh = addModule("hh", new Linear(e, hidden, 4 * hidden, false, rng));
        out = addModule("out", new Linear(e, hidden, classes, rng));
    }
    Tensor forward(Tensor x) {                       // x: (time, batch, vocab) one-hot
        Tensor in = ih.forward(x), h = engine().zeros(Shape.of(x.dim(1), n)), c = h;
        for (int t = 0; t < x.dim(0); t++) {
            Tensor z = in.narrow(0, t, 1).squeeze(0).add(hh.forward(h));
            c = z.narrow(1, n, n).add(3.0).sigmoid().mul(c)
                    .add(z.narrow(1, 0, n).sigmoid().mul(z.narrow(1, 2 * n, n).tanh()));
            h = z.narrow(1, 3 * n, n).sigmoid().mul(c.tanh());
        }
        return out.forward(h);
    }
}
record Batch(Tensor x, Tensor y) {}

BatchSource<Batch> toy(int count, long seed) {
    var rng = new RandomSource(seed);
    List<int[]> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
        int[] s = new int[21];
        s[0] = rng.nextInt(4);
        for (int t = 1; t < 21; t++) s[t] = rng.nextInt(8);
        seqs.add(s);
    }
    return BatchSource.of(seqs, picked -> {
        int b = picked.size();
        float[] x = new float[21 * b * 8];
        long[] y = new long[b];
        for (int j = 0; j < b; j++) {
            y[j] = picked.get(j)[0];
            for (int t = 0; t < 21; t++) x[(t * b + j) * 8 + picked.get(j)[t]] = 1;
        }
        return new Batch(engine.of(x, Shape.of(21, b, 8)), engine.ofIndices(y, Shape.of(b)));
    });
}
var train = toy(512, 1);
var valid = toy(256, 2);

Trainer<TinyLstm, Batch> trainer(int epochs) {
    var model = new TinyLstm(engine, 8, 16, 4, Seeds.of(7).init());
    return Trainer.of(model, (TinyLstm m, Batch b) -> Losses.crossEntropy(m.forward(b.x()), b.y()))
            .optimizer(Optimizers.adam(1e-2)).clipNorm(1.0).schedule(Schedule.cosine(12, 1e-4))
            .epochs(epochs).batchSize(32).seed(7)
            .checkpoints(Path.of("runs/toy-lstm"))
            .progress(true);   // a line per epoch, and on a terminal a bar while it runs
}

// "Stop" after 6 of 12 epochs (as if interrupted), then resume in a fresh trainer: it continues at epoch 7.
var first = trainer(6);
first.fit(train, valid);
var second = trainer(12);
var history = second.resume(Path.of("runs/toy-lstm"), train, valid);
System.out.println("epochs: " + history.epochs().size() + ", last checkpoint: " + history.lastCheckpoint());
System.out.println(second.provenance());
/exit
