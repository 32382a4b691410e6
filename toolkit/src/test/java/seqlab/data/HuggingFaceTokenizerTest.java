package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hugging Face loader, offline, and a cross-check of {@link Bpe}'s encoder against the Rust {@code tokenizers}
 * library: the same merges applied by both give the same pieces for every word.
 */
class HuggingFaceTokenizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> TEXTS = List.of("Der Hund läuft über die Straße.", "Die Straßen sind größer.",
            "Ich weiß nicht, ob er kommt.", "Das Mädchen isst gerne Äpfel!", "Wir fahren morgen nach München.",
            "Die Häuser der Stadt stehen am Fluss.", "Aaaa aaaa aaa: ein Test.", "Er hat 3 Katzen und 2 Hunde.");

    /** A tokenizer.json whose BPE model holds {@code bpe}'s merges and vocabulary, with the given pre-tokenizer. */
    private static Path export(Bpe bpe, Path file, ObjectNode preTokenizer, ObjectNode decoder) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        root.set("pre_tokenizer", preTokenizer);
        root.putNull("post_processor");
        root.set("decoder", decoder);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = bpe.vocabulary().tokens();
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), i);
        }
        var merges = model.putArray("merges");
        bpe.merges().forEach(m -> merges.add(m.get(0) + " " + m.get(1)));
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    @Test
    void theRustLibrarySegmentsEveryWordAsBpeDoes(@TempDir Path dir) throws Exception {
        Bpe bpe = Bpe.learner().merges(60).minPairFrequency(1).learn(TEXTS);
        // no pre-tokenizer: each input is one marked word, as Bpe.segment sees it
        Path file = export(bpe, dir.resolve("tokenizer.json"), null, null);
        Set<String> words = new LinkedHashSet<>();
        TEXTS.forEach(t -> words.addAll(bpe.words(t)));
        words.addAll(List.of("▁Straßenhund", "▁größerer", "aaaaaaa", "▁Münchener"));
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(file)) {
            for (String w : words) {
                assertEquals(bpe.segment(w), hf.tokenize(w), w);
            }
        }
    }

    @Test
    void loadsATokenizerFileAndDecodesWithItsDecoder(@TempDir Path dir) throws Exception {
        Bpe bpe = Bpe.learner().merges(80).minPairFrequency(1).learn(TEXTS);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("type", "Metaspace");
        meta.put("replacement", "▁");
        meta.put("prepend_scheme", "always");
        meta.put("split", true);
        Path file = export(bpe, dir.resolve("tokenizer.json"), meta, meta.deepCopy());
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(file)) {
            assertEquals(bpe.vocabulary(), hf.vocabulary(), "seqlab's specials first, then the file's ids in order");
            TextEncoder enc = hf.textEncoder();
            String text = "Die Straßen sind größer";
            int[] ids = enc.encode(text);
            assertArrayEquals(bpe.textEncoder().encode(text), ids);
            assertEquals(text, enc.decode(ids));
            // a character the file does not know is its unknown token, shown as <unk>
            assertTrue(hf.tokenize("Der ☃").contains(Vocabulary.UNK), hf.tokenize("Der ☃").toString());
            assertEquals(List.of(), hf.tokenize(""));
        }
    }

    @Test
    void badFilesFailWithAOneLineReason(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenizer.load(dir.resolve("nope.json")))
                .getMessage().contains("no file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenizer.load(dir))
                .getMessage().contains("no file"));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"seqlab-bpe\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenizer.load(bad)).getMessage()
                .contains("Bpe.load"));
        Files.writeString(bad, "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
        String msg = assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenizer.load(bad)).getMessage();
        assertTrue(msg.contains("rejects"), msg);
    }
}
