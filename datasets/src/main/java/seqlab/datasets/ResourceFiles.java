package seqlab.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a data file from the class path, checks it against its folder's SHA256SUMS and splits it into lines. */
final class ResourceFiles {

    /** A verified file: its resource path, checksum and lines without their terminators (line 1 is index 0). */
    record Verified(String path, String sha256, List<String> lines) {
    }

    private final String root;

    /** {@code root} is a class-path folder such as {@code seqlab/datasets}, without leading or trailing slash. */
    ResourceFiles(String root) {
        this.root = root;
    }

    Verified read(String folder, String file) {
        String path = root + "/" + folder + "/" + file;
        byte[] bytes = bytes(path);
        String expected = expectedSha256(folder, file, path);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new DatasetException(path, 0, "Checksum mismatch for " + path + ": expected SHA-256 " + expected
                    + " (from " + root + "/" + folder + "/SHA256SUMS) but the file has " + actual
                    + ". The file was changed or damaged; restore it from git or regenerate it with datasets/prepare"
                    + " (which also rewrites SHA256SUMS).");
        }
        return new Verified(path, actual, lines(path, bytes));
    }

    private String expectedSha256(String folder, String file, String dataPath) {
        String sumsPath = root + "/" + folder + "/SHA256SUMS";
        List<String> sums = lines(sumsPath, bytes(sumsPath));
        for (int i = 0; i < sums.size(); i++) {
            String line = sums.get(i);
            if (line.isBlank()) {
                continue;
            }
            // sha256sum writes "<hex>  <name>" (text mode) or "<hex> *<name>" (binary mode).
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}") || line.charAt(64) != ' ') {
                throw DatasetException.at(sumsPath, i + 1, "expected '<64 hex digits>  <file name>' but found '" + line + "'");
            }
            String name = line.substring(66);
            if (name.equals(file)) {
                return line.substring(0, 64);
            }
        }
        throw new DatasetException(sumsPath, 0, sumsPath + " lists no checksum for " + file
                + " (needed to verify " + dataPath + "); regenerate the folder with datasets/prepare.");
    }

    private static byte[] bytes(String path) {
        try (InputStream in = ResourceFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new DatasetException(path, 0, path + " is not on the class path; put the seqlab-datasets jar"
                        + " on the class path (or, in the source tree, regenerate the file with datasets/prepare).");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetException(path, 0, "Could not read " + path + " from the class path: " + e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /** Strict UTF-8 decoding: a bad byte is reported with its line instead of becoming U+FFFD. */
    private static List<String> lines(String path, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw DatasetException.at(path, line, "bytes that are not UTF-8 at byte offset " + in.position());
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            throw DatasetException.at(path, lines.size() + 1, "the last line has no line end, so the file may be truncated");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).indexOf('\r') >= 0) {
                throw DatasetException.at(path, i + 1, "a carriage return; the shipped files use LF line ends only");
            }
        }
        return lines;
    }
}
