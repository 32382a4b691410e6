package seqlab.datasets;

import java.util.List;

import seqlab.data.DatasetInfo;
import seqlab.data.Frequency;

/** How one shipped dataset is laid out and described; the catalogue is in {@link Datasets}. */
sealed interface Spec {
    String name();

    /** Folder under the resource root, and file inside it. */
    String folder();

    String file();

    String licence();

    String source();

    String task();

    /**
     * Tab-separated text with a header; {@code textColumn} and {@code labelColumn} name columns of it,
     * {@code groupColumn} (or null) names the column that tells sub-corpora apart.
     */
    record Text(String name, String folder, String file, List<String> header, String textColumn, String labelColumn,
                String groupColumn, List<String> labels, String licence, String source) implements Spec {
        @Override
        public String task() {
            return DatasetInfo.CLASSIFICATION;
        }
    }

    /** Tab-separated sentence pairs with a header of two language codes: source then target. */
    record Pairs(String name, String folder, String file, String sourceLanguage, String targetLanguage,
                 String licence, String source) implements Spec {
        @Override
        public String task() {
            return DatasetInfo.TRANSLATION;
        }
    }

    /**
     * Comma-separated series with a header: first the time column, then the rest of {@code header}. Only
     * {@code columns} become series; any other column (Seattle's weather label) is kept in the file for fidelity.
     */
    record Series(String name, String folder, String file, String timeColumn, List<String> header,
                  List<String> columns, String defaultColumn, Frequency frequency, int seasonalPeriod,
                  String licence, String source) implements Spec {
        @Override
        public String task() {
            return DatasetInfo.FORECASTING;
        }
    }
}
