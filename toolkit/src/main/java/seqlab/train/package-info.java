/**
 * Training, engine-agnostic: optimizers ({@link seqlab.train.Sgd}, {@link seqlab.train.Adam} incl. AdamW,
 * {@link seqlab.train.RmsProp}; factories in {@link seqlab.train.Optimizers}) with PyTorch's update rules,
 * {@link seqlab.train.Clipping}, learning-rate {@link seqlab.train.Schedule}s, {@link seqlab.train.Losses}, and the
 * {@link seqlab.train.Trainer} (seeded shuffling or length buckets, validation, early stopping, listeners, progress
 * bar, divergence detection, atomic {@link seqlab.train.Checkpoint}s that resume bit for bit). Schedules include the
 * Transformer's warm-up ({@link seqlab.train.Schedule#noam}, {@link seqlab.train.Schedule#inverseSqrt}) applied per
 * step; {@link seqlab.train.Losses#sequenceCrossEntropy} takes label smoothing and ignores padding.
 */
package seqlab.train;
