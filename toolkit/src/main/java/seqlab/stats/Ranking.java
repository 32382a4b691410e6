package seqlab.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which comparisons a report makes: every model against the strongest baseline of its task, and the best entry
 * against the runner-up.
 *
 * <p>Rule: entries are ranked by the mean of their scores over seeds, best first by the metric's direction. Equal
 * means keep the order the caller listed them in, so list baselines simplest first (majority class, then
 * bag-of-words; copy; seasonal naive, then the statistical models): of two equally strong baselines the simpler one
 * is the reference. Rank on the validation split where the task has one, so that choosing the reference does not
 * use the test data that the verdicts are then computed on. Comparing with the strongest baseline, not the weakest,
 * is what makes "beats the baseline" worth saying.
 */
public final class Ranking {
    private Ranking() {}

    /**
     * A planned comparison.
     *
     * @param candidate the entry judged
     * @param reference what it is compared with
     * @param role why the pair is in the family: {@code "vs strongest baseline"} or {@code "best vs runner-up"}
     */
    public record Matchup(String candidate, String reference, String role) {}

    /**
     * Entries ordered best first.
     *
     * @param scores per entry, its scores over seeds (at least one, finite); iteration order breaks ties
     * @param direction whether higher or lower is better
     * @return the names, best first
     */
    public static List<String> order(Map<String, double[]> scores, Direction direction) {
        if (direction == null) {
            throw new IllegalArgumentException("Ranking: direction is null; say whether higher or lower is better");
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            Inputs.name("Ranking: an entry's name", e.getKey());
            Inputs.notEmpty("Ranking", e.getKey() + "'s scores", e.getValue().length);
            Inputs.finite("Ranking", e.getKey() + "'s scores", e.getValue());
            means.put(e.getKey(), Stats.mean(e.getValue()));
        }
        List<String> names = new ArrayList<>(means.keySet());
        // List.sort is stable, so ties keep the caller's order.
        names.sort(Comparator.comparingDouble(name -> -direction.sign() * means.get(name)));
        return names;
    }

    /** The best entry under {@link #order}'s rule. */
    public static String best(Map<String, double[]> scores, Direction direction) {
        List<String> ordered = order(scores, direction);
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("Ranking: no entries; pass at least one model or baseline");
        }
        return ordered.get(0);
    }

    /**
     * The family of comparisons for one task and metric: each model against the strongest baseline, then the best
     * entry (model or baseline) against the runner-up unless that pair is already in the family.
     *
     * @param models per model, its scores over seeds
     * @param baselines per baseline, its scores over seeds, simplest first (at least one)
     * @param direction whether higher or lower is better
     * @return the comparisons, models in the given order, then best vs runner-up
     */
    public static List<Matchup> family(Map<String, double[]> models, Map<String, double[]> baselines,
            Direction direction) {
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("Ranking: no baselines; every task needs at least one (majority, "
                    + "copy or seasonal naive) to judge models against");
        }
        Set<String> overlap = new LinkedHashSet<>(models.keySet());
        overlap.retainAll(baselines.keySet());
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("Ranking: " + overlap + " listed both as model and as baseline; "
                    + "name each entry once");
        }
        String strongest = best(baselines, direction);
        List<Matchup> out = new ArrayList<>();
        for (String model : models.keySet()) {
            out.add(new Matchup(model, strongest, "vs strongest baseline"));
        }
        Map<String, double[]> all = new LinkedHashMap<>(baselines);
        all.putAll(models);
        List<String> ordered = order(all, direction);
        if (ordered.size() >= 2) {
            String best = ordered.get(0);
            String runnerUp = ordered.get(1);
            boolean present = out.stream().anyMatch(m -> m.candidate().equals(best) && m.reference().equals(runnerUp)
                    || m.candidate().equals(runnerUp) && m.reference().equals(best));
            boolean bothBaselines = baselines.containsKey(best) && baselines.containsKey(runnerUp);
            if (!present && !bothBaselines) {
                out.add(new Matchup(best, runnerUp, "best vs runner-up"));
            }
        }
        return out;
    }
}
