package seqlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face {@code tokenizer.json} (BPE, WordPiece, WordLevel or Unigram, with its normaliser, pre-tokeniser and
 * decoder) as a seqlab {@link Tokenizer}, run by DJL's binding of the Rust {@code tokenizers} library
 * ({@code ai.djl.huggingface:tokenizers}). The native library ships inside that jar and is unpacked into DJL's cache
 * ({@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}) on first use: nothing is downloaded, and only a local file is read.
 *
 * <pre>{@code
 * var hf = HuggingFaceTokenizer.load(Path.of("opus-mt-de-en/tokenizer.json"));
 * TextEncoder enc = hf.textEncoder();          // ids in seqlab's layout: <pad> <unk> <bos> <eos>, then the file's tokens
 * String text = enc.decode(enc.encode("Das Haus ist größer."));
 * }</pre>
 *
 * <p>The {@link #vocabulary()} keeps seqlab's four special ids and lists the file's tokens after them in the file's id
 * order; the file's own unknown token (e.g. {@code [UNK]}) becomes {@code <unk>}, and special tokens the file adds
 * ({@code add_special_tokens}) are not inserted, since seqlab's batches frame sequences themselves. {@link #join}
 * decodes with the file's decoder, so subword markers ({@code ▁}, {@code ##}, byte-level {@code Ġ}) turn back into
 * text. seqlab's own learner is {@link Bpe}; this class is for reusing a tokeniser trained elsewhere.
 *
 * <p>It needs {@code ai.djl.huggingface:tokenizers} on the class path ({@code ./seqlab jshell}, the notebooks and the
 * experiments have it; the toolkit lists it as optional). Close it to free the native tokenizer.
 */
public final class HuggingFaceTokenizer implements Tokenizer, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer native_;
    private final Vocabulary vocabulary;
    private final Map<String, Long> fileIds;
    private final String unknownToken;
    private final Path file;

    private HuggingFaceTokenizer(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer, Vocabulary vocabulary,
                                 Map<String, Long> fileIds, String unknownToken, Path file) {
        this.native_ = tokenizer;
        this.vocabulary = vocabulary;
        this.fileIds = fileIds;
        this.unknownToken = unknownToken;
        this.file = file;
    }

    /** Loads a {@code tokenizer.json}; a missing file, a file that is not one, or a missing jar fails with the fix. */
    public static HuggingFaceTokenizer load(Path tokenizerJson) {
        if (tokenizerJson == null || tokenizerJson.toString().isBlank()) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.load: the path is empty; give a tokenizer.json file");
        }
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.load: no file " + tokenizerJson
                    + "; give the path of a tokenizer.json (a folder's tokenizer.json, not the folder)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(tokenizerJson));
        } catch (IOException e) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.load: " + tokenizerJson + " is not readable JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode model = root == null ? null : root.get("model");
        if (model == null || !model.has("vocab")) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.load: " + tokenizerJson + " has no \"model\" with a "
                    + "\"vocab\"; it is not a Hugging Face tokenizer.json (a seqlab BPE file loads with Bpe.load)");
        }
        // the file's tokens by id: the model's vocabulary plus the added tokens
        TreeMap<Long, String> byId = new TreeMap<>();
        JsonNode vocab = model.get("vocab");
        if (vocab.isObject()) {
            vocab.fields().forEachRemaining(e -> byId.put(e.getValue().asLong(), e.getKey()));
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                byId.put((long) i, vocab.get(i).get(0).asText()); // Unigram: [token, score]
            }
        }
        for (JsonNode t : root.path("added_tokens")) {
            byId.put(t.path("id").asLong(), t.path("content").asText());
        }
        String unk = model.path("unk_token").isTextual() ? model.get("unk_token").asText()
                : vocab.isArray() && model.has("unk_id") ? byId.get(model.get("unk_id").asLong()) : null;
        Map<String, Long> ids = new HashMap<>();
        List<String> tokens = new ArrayList<>();
        for (Map.Entry<Long, String> e : byId.entrySet()) {
            ids.putIfAbsent(e.getValue(), e.getKey());
            if (!e.getValue().equals(unk) && !Vocabulary.SPECIALS.contains(e.getValue())) {
                tokens.add(e.getValue());
            }
        }
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false).build();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("HuggingFaceTokenizer needs ai.djl.huggingface:tokenizers on the class path; "
                    + "add the Maven dependency (the version of DJL that seqlab uses) or use ./seqlab jshell, which has it");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("HuggingFaceTokenizer.load: the tokenizers library rejects "
                    + tokenizerJson + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return new HuggingFaceTokenizer(tokenizer, Vocabulary.of(tokens), ids, unk, tokenizerJson);
    }

    /** The file's tokens of {@code text} (its unknown token written {@code <unk>}); empty for blank text. */
    @Override
    public List<String> tokenize(String text) {
        String[] t = native_.encode(text).getTokens();
        List<String> out = new ArrayList<>(t.length);
        for (String s : t) {
            out.add(s.equals(unknownToken) ? Vocabulary.UNK : s);
        }
        return out;
    }

    /** Decodes with the file's decoder; seqlab's special tokens and tokens the file does not know are skipped. */
    @Override
    public String join(List<String> tokens) {
        List<Long> ids = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            Long id = t.equals(Vocabulary.UNK) && unknownToken != null ? fileIds.get(unknownToken) : fileIds.get(t);
            if (id != null) {
                ids.add(id);
            }
        }
        return native_.decode(ids.stream().mapToLong(Long::longValue).toArray(), false);
    }

    /** seqlab's four special tokens, then the file's tokens in its id order. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** This tokenizer with {@link #vocabulary()}. */
    public TextEncoder textEncoder() {
        return new TextEncoder(this, vocabulary);
    }

    @Override
    public void close() {
        native_.close();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenizer(" + file + ", vocabulary " + vocabulary.size() + ")";
    }
}
