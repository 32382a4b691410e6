package seqlab.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a dataset's content, fed field by field: each string with its UTF-8 length in front, so no two different
 * sequences of fields hash alike ({@code "ab","c"} against {@code "a","bc"}), and numbers by their exact bits. What
 * {@link Dataset#contentHash()} computes, and what a trial's identity holds, so data changed in memory (filtered,
 * subsampled, built by hand, loaded from a user's file) never passes for other data.
 */
public final class ContentHash {
    private final MessageDigest md;
    private final ByteBuffer buf = ByteBuffer.allocate(8);

    /** A hash that starts with {@code kind}, so a corpus and a labelled text with the same strings differ. */
    public ContentHash(String kind) {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        add(kind);
    }

    public ContentHash add(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        add((long) b.length);
        md.update(b);
        return this;
    }

    public ContentHash add(long v) {
        buf.clear();
        md.update(buf.putLong(v).array());
        return this;
    }

    /** The exact bits of {@code v} ({@link Double#doubleToLongBits}: every NaN alike, -0.0 apart from 0.0). */
    public ContentHash add(double v) {
        return add(Double.doubleToLongBits(v));
    }

    /** Lower-case hex of the digest; the hash cannot be added to afterwards. */
    public String hex() {
        return HexFormat.of().formatHex(md.digest());
    }
}
