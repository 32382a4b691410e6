package seqlab.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * Turns the frames of one received ZeroMQ message into a Jupyter {@link Message}, or says why it is not one.
 *
 * <p>The wire format (Jupyter messaging spec, "The Wire Protocol"): routing identities, the delimiter
 * {@code <IDS|MSG>}, the HMAC signature as hex, then header, parent header, metadata and content as JSON, then
 * optional binary buffers. jjava-jupyter's own reader blocks for frames a short message lacks (swallowing the next
 * client's message) and throws on a bad signature, which ends the channel's thread; this reader takes exactly the
 * frames that arrived together, checks the signature in constant time before parsing anything, and rejects
 * instead of throwing anything else. The JSON is decoded with jjava's own type adapters, so accepted messages
 * are the objects jjava's handlers expect.
 */
final class WireMessages {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type MAP = new TypeToken<Map<String, Object>>() {
    }.getType();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(new GsonBuilder()
                    .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
                    .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
                    .create()))
            .create();

    private WireMessages() {
    }

    /** Why a message was dropped; the text goes to the kernel's log. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Parses one message.
     *
     * @param frames every frame that arrived as one ZeroMQ message
     * @param hmac   the connection's signer ({@code calculateSignature} returns null when the key is empty)
     * @throws Invalid with the reason when the frames are not a correctly signed message of a known type
     */
    static Message<?> parse(List<byte[]> frames, HMACGenerator hmac) throws Invalid {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                d = i;
                break;
            }
        }
        if (d < 0) {
            throw new Invalid("no <IDS|MSG> delimiter among its " + frames.size() + " frame(s)");
        }
        if (frames.size() < d + 6) {
            throw new Invalid("truncated: " + (frames.size() - d - 1) + " frame(s) after the delimiter, need 5");
        }
        byte[] header = frames.get(d + 2), parent = frames.get(d + 3), metadata = frames.get(d + 4),
                content = frames.get(d + 5);
        String expected = hmac.calculateSignature(header, parent, metadata, content);
        if (expected != null && !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), frames.get(d + 1))) {
            throw new Invalid("bad signature");
        }
        try {
            JsonElement h = JsonParser.parseString(utf8(header));
            if (!h.isJsonObject() || !h.getAsJsonObject().has("msg_type")) {
                throw new Invalid("the header is not a JSON object with a msg_type");
            }
            Header<?> head = GSON.fromJson(h, Header.class);
            if (head == null || head.getType() == null || head.getType() == MessageType.UNKNOWN) {
                throw new Invalid("unknown msg_type " + h.getAsJsonObject().get("msg_type"));
            }
            JsonElement p = JsonParser.parseString(utf8(parent));
            Header<?> parentHeader = p.isJsonObject() && !p.getAsJsonObject().isEmpty() ? GSON.fromJson(p, Header.class)
                    : null;
            JsonElement m = JsonParser.parseString(utf8(metadata));
            JsonElement c = JsonParser.parseString(utf8(content));
            if (!m.isJsonObject() || !c.isJsonObject()) {
                throw new Invalid("metadata and content must be JSON objects");
            }
            Map<String, Object> meta = GSON.fromJson(m, MAP);
            Object body = GSON.fromJson(c, head.getType().getContentType());
            if (body instanceof ErrorReply) {
                head = new Header<>(head.getId(), head.getUsername(), head.getSessionId(), head.getTimestamp(),
                        head.getType().error(), head.getVersion());
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Message<?> msg = new Message(frames.subList(0, d), head, parentHeader, meta, body,
                    frames.subList(d + 6, frames.size()));
            return msg;
        } catch (Invalid e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson's JsonParseException, a bad timestamp, a content field of the wrong type, ...
            throw new Invalid("unreadable JSON (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
