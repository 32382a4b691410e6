/**
 * Runs an experiment's trials on Apache Spark: {@code experiment.runOn(Spark.session("spark://host:7077"))} or
 * {@code ./seqlab compare --spark MASTER_URL}. Each trial is one Spark task; it travels as JSON (task by name, trial
 * spec) and its result comes back as JSON, which the driver saves the moment it arrives. See the module's README.
 */
package seqlab.spark;
