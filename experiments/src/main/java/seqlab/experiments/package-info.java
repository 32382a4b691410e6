/**
 * The canonical comparisons behind {@code ./seqlab compare}, and the experiments that test the guide's claims.
 * {@link seqlab.experiments.TranslationRecipe} is a research harness (not a CLI command) that measures translation
 * learning curves per optimizer step and CPU second, to choose the translation task's recipe and budgets.
 */
package seqlab.experiments;
