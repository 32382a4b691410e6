package seqlab.kernel;

import java.util.List;

/**
 * Completion candidates for the cell text between {@code start} and {@code end} (the cursor).
 *
 * @param start   first character of the cell text the candidates replace
 * @param end     the cursor
 * @param matches replacement texts, best first, without duplicates
 */
public record Completion(int start, int end, List<String> matches) {

    public Completion {
        matches = List.copyOf(matches);
    }
}
