package seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import seqlab.data.DatasetInfo;
import seqlab.data.Frequency;
import seqlab.data.MissingPolicy;
import seqlab.data.ParallelCorpus;
import seqlab.data.SentencePair;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;

/** Every shipped dataset loads with the sizes, balance and first values its upstream source documents. */
class DatasetsTest {

    @Test
    void sentimentHasThreeBalancedSourcesOfAThousand() {
        TextDataset all = Datasets.sentiment();
        assertEquals(3000, all.size());
        assertEquals(Map.of("negative", 1500, "positive", 1500), all.labelCounts());
        assertEquals(List.of("negative", "positive"), all.labels());
        for (String source : List.of("imdb", "amazon", "yelp")) {
            TextDataset one = Datasets.sentiment(source);
            assertEquals(1000, one.size(), source);
            assertEquals(Map.of("negative", 500, "positive", 500), one.labelCounts(), source);
            assertEquals("sentiment:" + source, one.info().name());
        }
        assertEquals("A very, very, very slow-moving, aimless movie about a distressed, drifting young man.",
                Datasets.sentiment("imdb").rows().get(0).text());
        assertEquals("Wow... Loved this place.", Datasets.sentiment("yelp").rows().get(0).text());
        assertEquals("positive", Datasets.sentiment("yelp").rows().get(0).label());
        assertThrows(IllegalArgumentException.class, () -> Datasets.sentiment("netflix"));
    }

    @Test
    void spamHasSubjectLinesOfHamAndSpam() {
        TextDataset spam = Datasets.spam();
        // 6046 messages in the package, 19 without a usable Subject header (listed in spam/DROPPED.txt).
        assertEquals(6027, spam.size());
        assertEquals(Map.of("ham", 4144, "spam", 1883), spam.labelCounts());
        assertEquals("Re: New Sequences Window", spam.rows().get(0).text());
        assertTrue(spam.rows().stream().noneMatch(r -> r.text().isBlank() || r.text().contains("\t")));
    }

    @Test
    void deEnHasUniqueWholeSentencePairs() {
        ParallelCorpus corpus = Datasets.deEn();
        assertEquals("de", corpus.sourceLanguage());
        assertEquals("en", corpus.targetLanguage());
        assertEquals(19623, corpus.size());
        assertEquals(corpus.size(), Set.copyOf(corpus.pairs()).size(), "pairs are unique");
        for (SentencePair p : corpus.pairs()) {
            assertTrue(p.source().matches(".*[.!?][\"'\u201c\u201d]?"), p.source());
            assertTrue(p.target().matches(".*[.!?][\"'\u201c\u201d]?"), p.target());
            assertTrue(p.source().split(" ").length >= 3 && p.target().split(" ").length >= 3, p.toString());
            assertTrue(!p.source().matches(".*[{}\\[\\]<>()].*") && !p.target().matches(".*[{}\\[\\]<>()].*"), p.toString());
        }
        assertTrue(corpus.pairs().contains(new SentencePair("Der Wind rauschte durch die Bäume.", "The wind soughed through the trees.")));

        ParallelCorpus shortOnes = Datasets.deEn(10);
        assertTrue(shortOnes.size() > 15000 && shortOnes.size() < corpus.size(), shortOnes.toString());
        assertTrue(shortOnes.pairs().stream().allMatch(p -> p.target().split("\\s+").length <= 10));
        assertEquals(corpus.size(), corpus.reversed().size());
        assertEquals("en", corpus.reversed().sourceLanguage());
    }

    @Test
    void esEnPairsTheSameVerseOfReinaValeraAndTheKingJamesVersion() {
        ParallelCorpus corpus = Datasets.esEn();
        assertEquals("es", corpus.sourceLanguage());
        assertEquals("en", corpus.targetLanguage());
        assertEquals(21539, corpus.size());
        assertEquals(corpus.size(), Set.copyOf(corpus.pairs()).size(), "pairs are unique");
        assertEquals(new SentencePair("EN el principio crió Dios los cielos y la tierra.",
                "In the beginning God created the heaven and the earth."), corpus.pairs().get(0), "Genesis 1:1 first");
        assertTrue(corpus.pairs().contains(new SentencePair("Y dijo Dios: Sea la luz: y fué la luz.",
                "And God said, Let there be light: and there was light.")));
        for (SentencePair p : corpus.pairs()) {
            assertTrue(p.source().split(" ").length <= 30 && p.target().split(" ").length <= 30, p.toString());
            assertTrue(!p.source().matches(".*(<[GH]\\d+>|\u00b6).*") && !p.target().matches(".*(<[GH]\\d+>|\u00b6).*"),
                    "no Strong's numbers or pilcrows: " + p);
        }
        assertEquals("public domain", corpus.info().licence());
    }

    @Test
    void airlineIsBoxJenkinsSeriesG() {
        TimeSeries airline = Datasets.airline();
        assertEquals(144, airline.size());
        assertEquals(112.0, airline.value(0));
        assertEquals(432.0, airline.value(143));
        assertEquals(LocalDate.of(1949, 1, 1), airline.start());
        assertEquals(LocalDate.of(1960, 12, 1), airline.end());
        assertEquals(Frequency.MONTHLY, airline.frequency());
        assertEquals(12, airline.seasonalPeriod());
        assertEquals(List.of(), airline.imputed());
    }

    @Test
    void weeklyCo2GapsAreInterpolatedNotZeroed() {
        TimeSeries co2 = Datasets.co2();
        assertEquals(Frequency.WEEKLY, co2.frequency());
        assertEquals(LocalDate.of(1958, 3, 29), co2.start());
        assertEquals(LocalDate.of(2001, 12, 29), co2.end());
        assertEquals(2284, co2.size());
        assertEquals(59, co2.imputed().size(), "the 59 empty weeks of co2.csv");
        assertEquals(MissingPolicy.LINEAR_INTERPOLATION, co2.missingPolicy());
        for (int ix : co2.imputed()) {
            double v = co2.value(ix);
            assertTrue(v > 300 && v < 400, "interpolated value " + v + " at " + co2.timestamps().get(ix));
        }
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.series("co2", "co2", MissingPolicy.REJECT));
        assertTrue(e.getMessage().contains("REJECT") && e.getMessage().contains("co2.csv"), e.getMessage());
    }

    @Test
    void monthlyCo2FillsItsAbsentMonths() {
        TimeSeries co2 = Datasets.co2Monthly();
        // March 1958 to April 2020 is 746 months; the file has 741 rows, so 5 months are filled in.
        assertEquals(746, co2.size());
        assertEquals(5, co2.imputed().size());
        assertEquals(315.70, co2.value(0));
        assertEquals(List.of("co2", "co2_adjusted"), List.copyOf(Datasets.seriesColumns("co2-monthly").keySet()));
    }

    @Test
    void otherSeriesHaveTheirDocumentedLengths() {
        assertEquals(309, Datasets.sunspots().size());
        assertEquals(5.0, Datasets.sunspots().value(0));
        assertEquals(100, Datasets.nile().size());
        assertEquals(1120.0, Datasets.nile().value(0));
        assertEquals(257, Datasets.elecEquip().size());
        assertEquals(66.19, Datasets.elecEquip().value(0));
        assertEquals(7305, Datasets.usBirths().size());
        assertEquals(8486.0, Datasets.usBirths().value(0));
        assertEquals(7, Datasets.usBirths().seasonalPeriod());
        assertEquals(1461, Datasets.seattleWeather().size());
        assertEquals(12.8, Datasets.seattleWeather().value(0));
        assertEquals(List.of("precipitation", "temp_max", "temp_min", "wind"),
                List.copyOf(Datasets.seriesColumns("seattle-weather").keySet()));
    }

    @Test
    void listShowsEveryDatasetAndLoadDispatchesByName() {
        List<DatasetInfo> infos = Datasets.list();
        assertEquals(Datasets.names(), infos.stream().map(DatasetInfo::name).toList());
        assertEquals(12, infos.size());
        for (DatasetInfo info : infos) {
            System.out.printf("%-16s %-14s %6d  %-22s %s%n", info.name(), info.task(), info.size(), info.licence(), info.sha256());
            assertTrue(info.size() > 0 && !info.licence().isBlank() && info.sha256().matches("[0-9a-f]{64}"), info.toString());
        }
        assertEquals(Set.of(DatasetInfo.CLASSIFICATION, DatasetInfo.TRANSLATION, DatasetInfo.FORECASTING),
                infos.stream().map(DatasetInfo::task).collect(Collectors.toSet()));
        assertEquals(1000, Datasets.load("sentiment:amazon").size());
        assertEquals(1461, Datasets.load("seattle-weather:precipitation").size());
        assertEquals("precipitation", ((TimeSeries) Datasets.load("seattle-weather:precipitation")).column());
        assertEquals(144, Datasets.load("airline").size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist"));
        assertTrue(e.getMessage().contains("airline"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("airline:nope"));
        assertThrows(IllegalArgumentException.class, () -> Datasets.series("sentiment"));
    }

    @Test
    void infoChecksumIsTheOneInSha256Sums() throws IOException {
        for (Spec spec : Datasets.catalogue()) {
            String sums;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                    Datasets.root() + "/" + spec.folder() + "/SHA256SUMS")) {
                sums = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String sha = Datasets.load(spec.name()).info().sha256();
            assertTrue(sums.contains(sha + "  " + spec.file()), spec.name());
        }
    }

    @Test
    void everyDatasetFolderShipsSourceAndLicence() {
        for (Spec spec : Datasets.catalogue()) {
            String dir = Datasets.root() + "/" + spec.folder() + "/";
            assertTrue(getClass().getClassLoader().getResource(dir + "SOURCE.md") != null, dir + "SOURCE.md");
            boolean licence = getClass().getClassLoader().getResource(dir + "LICENSE") != null
                    || getClass().getClassLoader().getResource(dir + "COPYING") != null;
            assertTrue(licence, dir + " has LICENSE or COPYING");
        }
    }

    @Test
    void eachDatasetParsesWellUnderASecond() {
        // Timing is logged, not asserted: shared CI machines vary too much for a hard bound.
        Loader fresh = new Loader(new ResourceFiles(Datasets.root()));
        long total = 0;
        for (Spec spec : Datasets.catalogue()) {
            long t0 = System.nanoTime();
            int size;
            if (spec instanceof Spec.Text t) {
                size = fresh.text(t).dataset().size();
            } else if (spec instanceof Spec.Pairs p) {
                size = fresh.pairs(p).size();
            } else {
                size = fresh.series((Spec.Series) spec, MissingPolicy.LINEAR_INTERPOLATION).values().iterator().next().size();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            total += ms;
            System.out.printf("load %-16s %6d rows in %4d ms (uncached)%n", spec.name(), size, ms);
            assertTrue(size > 0);
        }
        System.out.printf("load all datasets: %d ms%n", total);
        long t0 = System.nanoTime();
        Datasets.sentiment();
        Datasets.sentiment();
        System.out.printf("cached sentiment(): %d us%n", (System.nanoTime() - t0) / 1000);
    }
}
