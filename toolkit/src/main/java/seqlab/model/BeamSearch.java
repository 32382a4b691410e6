package seqlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Beam search over any decoder that extends a batch of prefixes one token at a time, with the length normalisation
 * of Wu et al. 2016 (GNMT, section 7): a finished hypothesis {@code Y} is ranked by
 * {@code log P(Y|X) / lp(Y)}, {@code lp(Y) = ((5 + |Y|) / (5 + 1))^alpha}. With {@code alpha = 0} the score is the
 * plain log-probability, which favours short outputs; GNMT found {@code alpha} in 0.6..0.7 best. (Their coverage
 * penalty is not used.)
 *
 * <p>Each step, the {@code 2 * width} best extensions of the live hypotheses are ranked; those that end with
 * {@code <eos>} among the top {@code width} finish, and the best {@code width} others stay alive (so the beam stays
 * full, as in fairseq). The search stops when {@code width} hypotheses have finished or after {@code maxLength}
 * tokens, when the live ones count as finished without {@code <eos>}. Ties go to the lower row, then the lower
 * token id, which makes width 1 exactly greedy decoding.
 */
public final class BeamSearch {
    private BeamSearch() {
    }

    /**
     * A decoder that scores the next token for a batch of prefixes.
     *
     * @param <S> its state for a batch of rows (hidden states, the encoder memory the rows attend to, ...)
     */
    public interface Decoder<S> {
        /** Next-token log-probabilities for every row, given each row's previous token. */
        Step<S> step(S state, int[] previous);

        /** The state of the given rows, in that order (rows may repeat). */
        S select(S state, int[] rows);
    }

    /**
     * One decoding step.
     *
     * @param logProbs  {@code [rows][vocabulary]} log-probabilities of the next token
     * @param attention {@code [rows][sourceLength]} attention weights of the step, or {@code null}
     * @param state     the state after the step
     */
    public record Step<S>(float[][] logProbs, float[][] attention, S state) {
    }

    /**
     * A decoded sequence.
     *
     * @param tokens    the output token ids, without {@code <bos>} and without the final {@code <eos>}
     * @param finished  whether it ended with {@code <eos>} (else it hit the maximum length)
     * @param logProb   {@code log P(tokens [+ <eos>] | source)}
     * @param score     {@code logProb / lp(length)}, length counting the {@code <eos>}
     * @param attention one row per decoded step ({@code <eos>} included), or {@code null} without attention
     */
    public record Hypothesis(int[] tokens, boolean finished, double logProb, double score, float[][] attention) {
    }

    /** GNMT's length penalty {@code ((5 + length) / 6)^alpha}. */
    public static double lengthPenalty(int length, double alpha) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /**
     * Searches from a one-row initial state.
     *
     * @param decoder   the model
     * @param initial   state of a batch of one row (one source sentence)
     * @param width     beam width, at least 1
     * @param alpha     length-normalisation exponent, at least 0
     * @param maxLength most tokens to emit ({@code <eos>} included)
     * @param bos       the first decoder input
     * @param eos       the end token
     * @return the finished hypotheses, best score first (at least one)
     */
    public static <S> List<Hypothesis> search(Decoder<S> decoder, S initial, int width, double alpha, int maxLength,
                                              int bos, int eos) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + width);
        }
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("length-normalisation alpha must be >= 0, got " + alpha);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum decode length must be >= 1, got " + maxLength);
        }
        List<Partial> alive = List.of(new Partial(new int[0], 0.0, new ArrayList<>()));
        List<Hypothesis> finished = new ArrayList<>();
        S state = initial;
        int[] previous = {bos};
        for (int t = 0; t < maxLength && finished.size() < width && !alive.isEmpty(); t++) {
            Step<S> step = decoder.step(state, previous);
            List<Candidate> ranked = best(alive, step.logProbs(), 2 * width);
            List<Partial> next = new ArrayList<>(width);
            List<Integer> rows = new ArrayList<>(width);
            for (int rank = 0; rank < ranked.size(); rank++) {
                Candidate c = ranked.get(rank);
                Partial parent = alive.get(c.row);
                List<float[]> att = parent.attention;
                if (step.attention() != null) {
                    att = new ArrayList<>(parent.attention);
                    att.add(step.attention()[c.row]);
                }
                if (c.token == eos) {
                    if (rank < width) {
                        finished.add(hypothesis(parent.tokens, true, c.logProb, alpha, step.attention() == null ? null : att));
                    }
                } else if (next.size() < width) {
                    int[] tokens = Arrays.copyOf(parent.tokens, parent.tokens.length + 1);
                    tokens[tokens.length - 1] = c.token;
                    next.add(new Partial(tokens, c.logProb, att));
                    rows.add(c.row);
                }
            }
            alive = next;
            if (alive.isEmpty()) {
                break;
            }
            state = decoder.select(step.state(), rows.stream().mapToInt(Integer::intValue).toArray());
            previous = alive.stream().mapToInt(p -> p.tokens[p.tokens.length - 1]).toArray();
            if (t == maxLength - 1 && finished.size() < width) {
                for (Partial p : alive) {
                    finished.add(hypothesis(p.tokens, false, p.logProb, alpha,
                            step.attention() == null ? null : p.attention));
                }
            }
        }
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return finished;
    }

    private static Hypothesis hypothesis(int[] tokens, boolean finished, double logProb, double alpha, List<float[]> att) {
        int length = tokens.length + (finished ? 1 : 0);
        return new Hypothesis(tokens, finished, logProb, logProb / lengthPenalty(length, alpha),
                att == null ? null : att.toArray(new float[0][]));
    }

    private record Partial(int[] tokens, double logProb, List<float[]> attention) {
    }

    private record Candidate(int row, int token, double logProb) {
    }

    /** Ordered best first: higher log-probability, then lower row, then lower token. */
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::logProb).reversed()
            .thenComparingInt(Candidate::row).thenComparingInt(Candidate::token);

    /** The {@code k} best one-token extensions of the live hypotheses. */
    private static List<Candidate> best(List<Partial> alive, float[][] logProbs, int k) {
        if (logProbs.length != alive.size()) {
            throw new IllegalStateException("the decoder returned " + logProbs.length + " rows for " + alive.size()
                    + " live hypotheses");
        }
        // a min-heap of the best k seen so far: its head is the worst kept
        PriorityQueue<Candidate> heap = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        for (int r = 0; r < alive.size(); r++) {
            double base = alive.get(r).logProb;
            float[] row = logProbs[r];
            for (int v = 0; v < row.length; v++) {
                double s = base + row[v];
                if (heap.size() < k) {
                    heap.add(new Candidate(r, v, s));
                } else if (s >= heap.peek().logProb) {
                    Candidate worst = heap.peek();
                    Candidate c = new Candidate(r, v, s);
                    if (BEST_FIRST.compare(c, worst) < 0) {
                        heap.poll();
                        heap.add(c);
                    }
                }
            }
        }
        List<Candidate> out = new ArrayList<>(heap);
        out.sort(BEST_FIRST);
        return out;
    }
}
