package seqlab.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import seqlab.model.Setting;
import seqlab.model.Settings;
import seqlab.train.Adam;
import seqlab.train.OptimizerSpec;
import seqlab.train.Optimizers;
import seqlab.train.RmsProp;
import seqlab.train.Sgd;

/**
 * How each trial trains, as a record with one wither per setting, named after it:
 * {@code t -> t.epochs(10).batchSize(32).adam(1e-3).clipNorm(1.0).schedule(LrSchedule.cosine(10))}. Budgets count
 * epochs and optimizer steps, never seconds, so a trial is a function of its configuration.
 *
 * <p>Settings by name ({@link #with}, and {@code Experiment.vary}): {@code epochs}, {@code batch_size},
 * {@code optimizer} ({@code adam}, {@code adamw}, {@code sgd}, {@code rmsprop} or a spec from {@link Optimizers}),
 * {@code lr}, {@code weight_decay}, {@code schedule} (an {@link LrSchedule}), {@code clip_norm}, {@code clip_value},
 * {@code patience}, {@code step_budget}, {@code label_smoothing}.
 *
 * @param epochs          maximum epochs
 * @param batchSize       examples per step
 * @param optimizer       the optimizer and its hyperparameters: an {@link Adam.Spec} (Adam, or AdamW with decoupled
 *                        weight decay), {@link Sgd.Spec} or {@link RmsProp.Spec}, as {@link Optimizers} makes them
 * @param schedule        the learning-rate schedule
 * @param schedulePerStep whether the schedule counts optimizer steps (warm-ups) rather than epochs
 * @param clipNorm        clip the global gradient norm to this (Pascanu et al. 2013); 0 disables
 * @param clipValue       clip each gradient element to {@code [-v, v]}; 0 disables
 * @param patience        early stopping after this many epochs without validation improvement, restoring the best
 *                        epoch's weights; 0 disables
 * @param stepBudget      stop after this many optimizer steps in all; 0 means none
 * @param labelSmoothing  label smoothing of the cross-entropy (classification, translation); 0 disables
 */
public record TrainConfig(int epochs, int batchSize, OptimizerSpec optimizer, LrSchedule schedule,
                          boolean schedulePerStep, double clipNorm, double clipValue, int patience, long stepBudget,
                          double labelSmoothing) {

    private static final Settings<TrainConfig> SETTINGS = new Settings<>(List.of(
            Setting.ofInt("epochs", "maximum epochs", TrainConfig::epochs, TrainConfig::epochs),
            Setting.ofInt("batch_size", "examples per step", TrainConfig::batchSize, TrainConfig::batchSize),
            Setting.ofValue("optimizer", "adam, adamw, sgd, rmsprop or an Optimizers spec", OptimizerSpec.class, s -> {
                throw new IllegalStateException("named optimizers are read by TrainConfig.with");
            }, TrainConfig::optimizer, TrainConfig::optimizer),
            Setting.ofDouble("lr", "the optimizer's learning rate", TrainConfig::learningRate, TrainConfig::lr),
            Setting.ofDouble("weight_decay", "the optimizer's weight decay (decoupled for AdamW)",
                    TrainConfig::weightDecay, TrainConfig::weightDecay),
            Setting.ofValue("schedule", "an LrSchedule", LrSchedule.class, s -> {
                throw new IllegalArgumentException("give an LrSchedule, e.g. LrSchedule.cosine(10)");
            }, TrainConfig::schedule, TrainConfig::schedule),
            Setting.ofDouble("clip_norm", "clip the gradient norm (0 = off)", TrainConfig::clipNorm, TrainConfig::clipNorm),
            Setting.ofDouble("clip_value", "clip gradient elements (0 = off)", TrainConfig::clipValue,
                    TrainConfig::clipValue),
            Setting.ofInt("patience", "early stopping patience (0 = off)", TrainConfig::patience, TrainConfig::patience),
            Setting.ofLong("step_budget", "optimizer steps in all (0 = none)", TrainConfig::stepBudget,
                    TrainConfig::stepBudget),
            Setting.ofDouble("label_smoothing", "cross-entropy label smoothing", TrainConfig::labelSmoothing,
                    TrainConfig::labelSmoothing)));

    public TrainConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(optimizer instanceof Adam.Spec || optimizer instanceof Sgd.Spec || optimizer instanceof RmsProp.Spec)) {
            throw new IllegalArgumentException("the optimizer must be one of Optimizers' specs (Adam, AdamW, SGD, "
                    + "RMSprop), so it can be stored with each trial; got " + optimizer.getClass().getName());
        }
        if (!(learningRate(optimizer) > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate(optimizer));
        }
        if (!(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new IllegalArgumentException("clip_norm and clip_value must be >= 0 (0 = off), got " + clipNorm + ", "
                    + clipValue);
        }
        if (patience < 0 || stepBudget < 0) {
            throw new IllegalArgumentException("patience and step_budget must be >= 0 (0 = off), got " + patience + ", "
                    + stepBudget);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (schedulePerStep && schedule instanceof LrSchedule.Plateau) {
            throw new IllegalArgumentException("reduce-on-plateau watches the validation loss, which comes once an epoch;"
                    + " schedule it per epoch");
        }
    }

    /** Adam at 1e-3, batch 32, 10 epochs, clipping at 1.0, early stopping after 3 epochs without improvement. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 32, Optimizers.adam(1e-3), LrSchedule.constant(), false, 1.0, 0, 3, 0, 0);
    }

    // ----- withers -----

    public TrainConfig epochs(int n) {
        return new TrainConfig(n, batchSize, optimizer, schedule, schedulePerStep, clipNorm, clipValue, patience,
                stepBudget, labelSmoothing);
    }

    public TrainConfig batchSize(int n) {
        return new TrainConfig(epochs, n, optimizer, schedule, schedulePerStep, clipNorm, clipValue, patience,
                stepBudget, labelSmoothing);
    }

    /** Any of {@link Optimizers}' specs, e.g. {@code Optimizers.sgd(0.1).withNesterov(true)}. */
    public TrainConfig optimizer(OptimizerSpec spec) {
        return new TrainConfig(epochs, batchSize, spec, schedule, schedulePerStep, clipNorm, clipValue, patience,
                stepBudget, labelSmoothing);
    }

    /** Adam at {@code lr} (Kingma &amp; Ba 2015), keeping the weight decay set so far (as L2 in the gradient). */
    public TrainConfig adam(double lr) {
        return optimizer(Optimizers.adam(lr).withWeightDecay(weightDecay()));
    }

    /** AdamW at {@code lr} with decoupled weight decay {@code decay} (Loshchilov &amp; Hutter 2019). */
    public TrainConfig adamw(double lr, double decay) {
        return optimizer(Optimizers.adamW(lr, decay));
    }

    /** SGD at {@code lr} with momentum 0.9, keeping the weight decay set so far. */
    public TrainConfig sgd(double lr) {
        return optimizer(Optimizers.sgd(lr, 0.9).withWeightDecay(weightDecay()));
    }

    /** RMSprop at {@code lr} with PyTorch's defaults, keeping the weight decay set so far. */
    public TrainConfig rmsprop(double lr) {
        return optimizer(Optimizers.rmsprop(lr).withWeightDecay(weightDecay()));
    }

    /** The same optimizer at learning rate {@code lr}. */
    public TrainConfig lr(double lr) {
        if (optimizer instanceof Adam.Spec a) {
            return optimizer(new Adam.Spec(lr, a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.decoupled()));
        }
        if (optimizer instanceof Sgd.Spec s) {
            return optimizer(new Sgd.Spec(lr, s.momentum(), s.dampening(), s.weightDecay(), s.nesterov()));
        }
        RmsProp.Spec r = (RmsProp.Spec) optimizer;
        return optimizer(new RmsProp.Spec(lr, r.alpha(), r.eps(), r.weightDecay(), r.momentum(), r.centered()));
    }

    /** The same optimizer with weight decay {@code decay}: decoupled for AdamW, L2 in the gradient otherwise. */
    public TrainConfig weightDecay(double decay) {
        if (optimizer instanceof Adam.Spec a) {
            return optimizer(a.withWeightDecay(decay));
        }
        if (optimizer instanceof Sgd.Spec s) {
            return optimizer(s.withWeightDecay(decay));
        }
        return optimizer(((RmsProp.Spec) optimizer).withWeightDecay(decay));
    }

    /** A learning-rate schedule counted in epochs. */
    public TrainConfig schedule(LrSchedule s) {
        return schedule(s, false);
    }

    /** A learning-rate schedule counted in optimizer steps ({@code perStep}, as warm-ups are) or in epochs. */
    public TrainConfig schedule(LrSchedule s, boolean perStep) {
        return new TrainConfig(epochs, batchSize, optimizer, s, perStep, clipNorm, clipValue, patience, stepBudget,
                labelSmoothing);
    }

    public TrainConfig clipNorm(double norm) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, norm, clipValue, patience,
                stepBudget, labelSmoothing);
    }

    public TrainConfig clipValue(double v) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, clipNorm, v, patience,
                stepBudget, labelSmoothing);
    }

    public TrainConfig patience(int epochsWithoutImprovement) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, clipNorm, clipValue,
                epochsWithoutImprovement, stepBudget, labelSmoothing);
    }

    /** Gives every model the same number of optimizer steps. */
    public TrainConfig stepBudget(long steps) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, clipNorm, clipValue, patience,
                steps, labelSmoothing);
    }

    public TrainConfig labelSmoothing(double epsilon) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, clipNorm, clipValue, patience,
                stepBudget, epsilon);
    }

    /**
     * This configuration with setting {@code key} changed (see the class comment for the names); an unknown key or a
     * value of the wrong type fails listing the valid ones.
     */
    public TrainConfig with(String key, Object value) {
        if (key.equals("optimizer") && value instanceof String name) {
            return optimizer(optimizerNamed(name));
        }
        return SETTINGS.with(this, key, value, "training");
    }

    /** This configuration's value of setting {@code key} (an optimizer or schedule object for those two). */
    public Object setting(String key) {
        if (!SETTINGS.has(key)) {
            throw new IllegalArgumentException("training has no setting '" + key + "'; its settings are "
                    + String.join(", ", SETTINGS.keys()));
        }
        return SETTINGS.values(this).get(key);
    }

    /** Whether {@code key} names a training setting. */
    public static boolean hasSetting(String key) {
        return SETTINGS.has(key);
    }

    /** The training setting names, in order. */
    public static List<String> settingKeys() {
        return SETTINGS.keys();
    }

    // ----- derived values -----

    /** The optimizer's base learning rate. */
    public double learningRate() {
        return learningRate(optimizer);
    }

    /** The optimizer's weight decay. */
    public double weightDecay() {
        if (optimizer instanceof Adam.Spec a) {
            return a.weightDecay();
        }
        if (optimizer instanceof Sgd.Spec s) {
            return s.weightDecay();
        }
        return ((RmsProp.Spec) optimizer).weightDecay();
    }

    /** {@code adam}, {@code adamw}, {@code sgd} or {@code rmsprop}. */
    public String optimizerName() {
        return optimizerName(optimizer);
    }

    static String optimizerName(OptimizerSpec o) {
        if (o instanceof Adam.Spec a) {
            return a.decoupled() ? "adamw" : "adam";
        }
        return o instanceof Sgd.Spec ? "sgd" : o instanceof RmsProp.Spec ? "rmsprop" : o.getClass().getSimpleName();
    }

    private static double learningRate(OptimizerSpec o) {
        if (o instanceof Adam.Spec a) {
            return a.lr();
        }
        if (o instanceof Sgd.Spec s) {
            return s.lr();
        }
        return o instanceof RmsProp.Spec r ? r.lr() : Double.NaN;
    }

    /** The optimizer {@code name} (adam, adamw, sgd, rmsprop) at this configuration's rate and weight decay. */
    private OptimizerSpec optimizerNamed(String name) {
        double lr = learningRate(), wd = weightDecay();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> Optimizers.adam(lr).withWeightDecay(wd);
            case "adamw" -> Optimizers.adamW(lr, wd);
            case "sgd" -> Optimizers.sgd(lr, 0.9).withWeightDecay(wd);
            case "rmsprop" -> Optimizers.rmsprop(lr).withWeightDecay(wd);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; use adam, adamw, sgd or "
                    + "rmsprop");
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("train(epochs=").append(epochs).append(", batch=").append(batchSize)
                .append(", ").append(optimizerName()).append(" lr=").append(learningRate());
        if (weightDecay() > 0) {
            sb.append(" wd=").append(weightDecay());
        }
        if (!(schedule instanceof LrSchedule.Constant)) {
            sb.append(", schedule=").append(schedule.label()).append(schedulePerStep ? " per step" : "");
        }
        if (clipNorm > 0) {
            sb.append(", clipNorm=").append(clipNorm);
        }
        if (clipValue > 0) {
            sb.append(", clipValue=").append(clipValue);
        }
        if (patience > 0) {
            sb.append(", patience=").append(patience);
        }
        if (stepBudget > 0) {
            sb.append(", steps=").append(stepBudget);
        }
        if (labelSmoothing > 0) {
            sb.append(", labelSmoothing=").append(labelSmoothing);
        }
        return sb.append(')').toString();
    }
}
