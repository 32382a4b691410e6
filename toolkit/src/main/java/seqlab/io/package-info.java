/**
 * Writing files that users keep: results, trial files, reports, weights and checkpoints all go through
 * {@link seqlab.io.AtomicFiles}, so a crash or a reader never sees half a file, and every such file gets the same
 * permissions.
 */
package seqlab.io;
