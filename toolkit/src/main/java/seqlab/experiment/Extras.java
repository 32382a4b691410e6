package seqlab.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a trial keeps beyond its metrics, typed per task: the per-example outputs paired tests need (each test
 * example's prediction in a fixed order), and what the task's report draws. Stored compactly with the trial: no
 * tensors, no per-epoch copies.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "task")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassificationExtras.class, name = "classification"),
    @JsonSubTypes.Type(value = TranslationExtras.class, name = "translation"),
    @JsonSubTypes.Type(value = ForecastExtras.class, name = "forecasting")
})
public sealed interface Extras permits ClassificationExtras, TranslationExtras, ForecastExtras {
}
