/** The command line behind {@code ./seqlab}, built with picocli: one class per subcommand. */
package seqlab.cli;
