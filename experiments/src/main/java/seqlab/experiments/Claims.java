package seqlab.experiments;

import java.util.List;

/**
 * The claim experiments by name, as {@code ./seqlab experiment NAME} runs them. Each is a class in this package
 * whose {@code measure} method reads as its method section.
 */
public final class Claims {
    /** Every experiment name, in the order the guide states the claims. */
    public static final List<String> NAMES = List.of("gradient-flow", "long-memory", "params-and-speed", "bidirectional",
            "attention-length", "regularization", "clipping",
            "initialization", "peephole-timing",
            "lstm-vs-gru", "transformer-accuracy",
            "resource-constrained", "length-scaling");

    private Claims() {
    }

    /**
     * The experiment {@code name} at {@code budget}, with {@code seeds} seeds (or repetitions) when not null.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ClaimExperiment create(String name, Budget budget, Integer seeds) {
        return switch (name) {
            case "gradient-flow" -> {
                var c = GradientFlow.Config.of(budget);
                yield new GradientFlow(seeds == null ? c : c.seeds(seeds));
            }
            case "long-memory" -> {
                var c = LongMemory.Config.of(budget);
                yield new LongMemory(seeds == null ? c : c.seeds(seeds));
            }
            case "params-and-speed" -> {
                var c = ParamsAndSpeed.Config.of(budget);
                yield new ParamsAndSpeed(seeds == null ? c : c.seeds(seeds));
            }
            case "bidirectional" -> {
                var c = Bidirectional.Config.of(budget);
                yield new Bidirectional(seeds == null ? c : c.seeds(seeds));
            }
            case "attention-length" -> {
                var c = AttentionLength.Config.of(budget);
                yield new AttentionLength(seeds == null ? c : c.seeds(seeds));
            }
            case "regularization" -> {
                var c = Regularization.Config.of(budget);
                yield new Regularization(seeds == null ? c : c.seeds(seeds));
            }
            case "clipping" -> {
                var c = Clipping.Config.of(budget);
                yield new Clipping(seeds == null ? c : c.seeds(seeds));
            }
            case "initialization" -> {
                var c = Initialization.Config.of(budget);
                yield new Initialization(seeds == null ? c : c.seeds(seeds));
            }
            case "peephole-timing" -> {
                var c = PeepholeTiming.Config.of(budget);
                yield new PeepholeTiming(seeds == null ? c : c.seeds(seeds));
            }
            case "lstm-vs-gru" -> {
                var c = LstmVsGru.Config.of(budget);
                yield new LstmVsGru(seeds == null ? c : c.seeds(seeds));
            }
            case "transformer-accuracy" -> {
                var c = TransformerAccuracy.Config.of(budget);
                yield new TransformerAccuracy(seeds == null ? c : c.seeds(seeds));
            }
            case "resource-constrained" -> {
                var c = ResourceConstrained.Config.of(budget);
                yield new ResourceConstrained(seeds == null ? c : c.seeds(seeds));
            }
            case "length-scaling" -> {
                var c = LengthScaling.Config.of(budget);
                yield new LengthScaling(seeds == null ? c : c.seeds(seeds));
            }
            default -> throw new IllegalArgumentException("Unknown experiment '" + name + "'; use one of "
                    + String.join(", ", NAMES));
        };
    }
}
