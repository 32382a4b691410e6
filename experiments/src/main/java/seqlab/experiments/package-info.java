/** The canonical comparisons behind {@code ./seqlab compare}, and the experiments that test the guide's claims. */
package seqlab.experiments;
