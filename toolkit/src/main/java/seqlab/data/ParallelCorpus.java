package seqlab.data;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Sentence pairs for translation from {@code sourceLanguage} into {@code targetLanguage}.
 *
 * @param info           provenance; its size equals {@code pairs.size()}
 * @param sourceLanguage ISO 639-1 code of {@link SentencePair#source()}, e.g. {@code "de"}
 * @param targetLanguage ISO 639-1 code of {@link SentencePair#target()}, e.g. {@code "en"}
 * @param pairs          in their published order
 */
public record ParallelCorpus(DatasetInfo info, String sourceLanguage, String targetLanguage, List<SentencePair> pairs)
        implements Dataset {

    public ParallelCorpus {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(sourceLanguage, "sourceLanguage");
        Objects.requireNonNull(targetLanguage, "targetLanguage");
        pairs = List.copyOf(pairs);
        if (info.size() != pairs.size()) {
            throw new IllegalArgumentException("ParallelCorpus " + info.name() + ": info says " + info.size()
                    + " pairs but there are " + pairs.size() + "; build the info with info.withSize(pairs.size())");
        }
    }

    /**
     * Reads sentence pairs from a CSV or TSV file with a header row, e.g.
     * {@code ParallelCorpus.fromCsv(Path.of("de-en.tsv"), "de", "en")}: the column names are taken as the language
     * codes, source first. The corpus is named after the file and records its path and SHA-256.
     *
     * @throws DataFileException naming the file, the row and the problem (missing column, an empty sentence, bytes
     *                           that are not UTF-8, a file that does not exist or is empty)
     */
    public static ParallelCorpus fromCsv(java.nio.file.Path file, String sourceColumn, String targetColumn) {
        return TableLoader.pairs(TabularData.read(file), sourceColumn, targetColumn);
    }

    /** Reads sentence pairs from a Tablesaw table (see {@link #fromCsv}). */
    public static ParallelCorpus from(tech.tablesaw.api.Table table, String sourceColumn, String targetColumn) {
        return TableLoader.pairs(TabularData.of(table), sourceColumn, targetColumn);
    }

    @Override
    public int size() {
        return pairs.size();
    }

    /** Over every pair's source and target, in order. */
    @Override
    public String contentHash() {
        ContentHash h = new ContentHash("parallel-corpus").add(pairs.size());
        for (SentencePair p : pairs) {
            h.add(p.source()).add(p.target());
        }
        return h.hex();
    }

    /** The same pairs translated the other way ({@code en -> de} from {@code de -> en}). */
    public ParallelCorpus reversed() {
        return new ParallelCorpus(info, targetLanguage, sourceLanguage, pairs.stream().map(SentencePair::reversed).toList());
    }

    /** The pairs that pass {@code keep} (the info's checksum still names the file; see {@link #contentHash()}). */
    public ParallelCorpus filter(Predicate<SentencePair> keep) {
        List<SentencePair> kept = pairs.stream().filter(keep).toList();
        return new ParallelCorpus(info.withSize(kept.size()), sourceLanguage, targetLanguage, kept);
    }

    @Override
    public String toString() {
        return "ParallelCorpus[" + info.name() + ": " + pairs.size() + " pairs " + sourceLanguage + " -> " + targetLanguage
                + "; " + info.licence() + "]";
    }
}
