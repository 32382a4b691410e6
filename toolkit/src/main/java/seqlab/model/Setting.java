package seqlab.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One knob of a spec or a training configuration, reachable by a name: what {@code with("hidden", 128)},
 * {@code vary("dropout", ...)}, the command line's {@code lstm:hidden=128} and the JSON of a stored trial all go
 * through, so they validate the same way. Values may be given typed or as strings (as a command line gives them);
 * a value of the wrong type fails with a one-line message naming the knob and what it takes.
 *
 * @param <S> the type the knob belongs to
 */
public final class Setting<S> {

    /** The value types a knob takes. */
    public enum Type {
        INT("an integer"), LONG("an integer"), DOUBLE("a number"), BOOLEAN("true or false"), ENUM("one of"),
        OPTIONAL_DOUBLE("a number or none"), VALUE("a value");

        final String description;

        Type(String description) {
            this.description = description;
        }
    }

    final String key;
    final Type type;
    final String help;
    private final Class<?> enumType;
    private final Function<String, Object> enumParser;
    private final Function<S, Object> get;
    private final BiFunction<S, Object, S> set;

    private Setting(String key, Type type, String help, Class<?> enumType,
                    Function<String, Object> enumParser, Function<S, Object> get, BiFunction<S, Object, S> set) {
        this.key = key;
        this.type = type;
        this.help = help;
        this.enumType = enumType;
        this.enumParser = enumParser;
        this.get = get;
        this.set = set;
    }

    public static <S> Setting<S> ofInt(String key, String help, Function<S, Integer> get, BiFunction<S, Integer, S> set) {
        return new Setting<>(key, Type.INT, help, null, null, get::apply, (s, v) -> set.apply(s, (Integer) v));
    }

    public static <S> Setting<S> ofDouble(String key, String help, Function<S, Double> get, BiFunction<S, Double, S> set) {
        return new Setting<>(key, Type.DOUBLE, help, null, null, get::apply, (s, v) -> set.apply(s, (Double) v));
    }

    public static <S> Setting<S> ofOptionalDouble(String key, String help, Function<S, Double> get,
                                           BiFunction<S, Double, S> set) {
        return new Setting<>(key, Type.OPTIONAL_DOUBLE, help, null, null, get::apply, (s, v) -> set.apply(s, (Double) v));
    }

    public static <S> Setting<S> ofBoolean(String key, String help, Function<S, Boolean> get, BiFunction<S, Boolean, S> set) {
        return new Setting<>(key, Type.BOOLEAN, help, null, null, get::apply, (s, v) -> set.apply(s, (Boolean) v));
    }

    /** An enum knob; its JSON value is the constant's lower-case name. */
    public static <S, E extends Enum<E>> Setting<S> ofEnum(String key, String help, Class<E> type, Function<S, E> get,
                                                    BiFunction<S, E, S> set) {
        return ofEnum(key, help, type, null, get, set);
    }

    /** An enum knob with its own parser of strings (for aliases, e.g. {@code bahdanau} for additive attention). */
    public static <S, E extends Enum<E>> Setting<S> ofEnum(String key, String help, Class<E> type, Function<String, E> parser,
                                                    Function<S, E> get, BiFunction<S, E, S> set) {
        return new Setting<>(key, Type.ENUM, help, type, parser == null ? null : parser::apply,
                s -> lower(get.apply(s)), (s, v) -> set.apply(s, type.cast(v)));
    }

    public static <S> Setting<S> ofLong(String key, String help, Function<S, Long> get, BiFunction<S, Long, S> set) {
        return new Setting<>(key, Type.LONG, help, null, null, get::apply, (s, v) -> set.apply(s, (Long) v));
    }

    /**
     * A knob holding a value of {@code type} (an optimizer, a schedule), given typed or as a string {@code parser}
     * reads.
     */
    public static <S, T> Setting<S> ofValue(String key, String help, Class<T> type, Function<String, T> parser,
                                            Function<S, T> get, BiFunction<S, T, S> set) {
        return new Setting<>(key, Type.VALUE, help, type, parser::apply, get::apply, (s, v) -> set.apply(s, type.cast(v)));
    }

    /** The knob's name. */
    public String key() {
        return key;
    }

    /** This knob's value on {@code spec}, in its JSON form (Integer, Double, Boolean, lower-case String or null). */
    public Object get(S spec) {
        return get.apply(spec);
    }

    /** {@code spec} with this knob set from {@code raw}, which is checked and converted first. */
    public S set(S spec, Object raw, String owner) {
        return set.apply(spec, coerce(raw, owner));
    }

    /** What values it takes, for error messages and help. */
    public String values() {
        if (type == Type.ENUM) {
            return "one of " + String.join(", ", Arrays.stream(enumType.getEnumConstants())
                    .map(c -> lower((Enum<?>) c)).toList());
        }
        return type == Type.VALUE ? "a " + enumType.getSimpleName() : type.description;
    }

    private Object coerce(Object raw, String owner) {
        String what = owner + ": '" + key + "' takes " + values() + ", got " + show(raw);
        switch (type) {
            case INT, LONG -> {
                long v;
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                    v = ((Number) raw).longValue();
                } else if (raw instanceof String s) {
                    try {
                        v = Long.parseLong(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(what);
                    }
                } else {
                    throw new IllegalArgumentException(what);
                }
                if (type == Type.LONG) {
                    return v;
                }
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(what + " (out of range)");
                }
                return (int) v;
            }
            case VALUE -> {
                if (enumType.isInstance(raw)) {
                    return raw;
                }
                if (raw instanceof String s) {
                    try {
                        return enumParser.apply(s.strip());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(what + ": " + e.getMessage());
                    }
                }
                throw new IllegalArgumentException(what);
            }
            case DOUBLE, OPTIONAL_DOUBLE -> {
                if (raw == null || (raw instanceof String s && s.strip().equalsIgnoreCase("none"))) {
                    if (type == Type.OPTIONAL_DOUBLE) {
                        return null;
                    }
                    throw new IllegalArgumentException(what);
                }
                if (raw instanceof Number n) {
                    return n.doubleValue();
                }
                if (raw instanceof String s) {
                    try {
                        return Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(what);
                    }
                }
                throw new IllegalArgumentException(what);
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    return b;
                }
                if (raw instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(s.strip());
                }
                throw new IllegalArgumentException(what);
            }
            default -> {
                if (enumType.isInstance(raw)) {
                    return raw;
                }
                if (raw instanceof String s) {
                    if (enumParser != null) {
                        try {
                            return enumParser.apply(s.strip());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(what);
                        }
                    }
                    String want = s.strip().replace('-', '_');
                    for (Object c : enumType.getEnumConstants()) {
                        if (((Enum<?>) c).name().equalsIgnoreCase(want)) {
                            return c;
                        }
                    }
                }
                throw new IllegalArgumentException(what);
            }
        }
    }

    private static String show(Object raw) {
        if (raw == null) {
            return "null";
        }
        return (raw instanceof String ? "\"" + raw + "\"" : raw.toString()) + " (" + raw.getClass().getSimpleName() + ")";
    }

    /** An enum constant as settings spell it: lower case, {@code -} for {@code _}. */
    public static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return key + " (" + values() + "): " + help;
    }
}
