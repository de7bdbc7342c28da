package io.meridian.cleaning;

import io.meridian.cleaning.operator.Operator;
import io.meridian.cleaning.operator.OperatorConfig;
import io.meridian.cleaning.operator.Operators;
import io.meridian.cleaning.operator.TextFilter;
import io.meridian.cleaning.operator.TextMapper;

import static java.util.Objects.requireNonNull;

/**
 * The create form's per-operator preview (效果预览): one operator applied to a sample text.
 */
public final class Preview
{
    private Preview() {}

    /**
     * The sample after the operator: a mapper's output; for a filter, the sample itself when the row would be kept
     * and an empty string when it would be dropped. A de-duplicator leaves a single sample unchanged.
     *
     * @throws IllegalArgumentException for an unknown operator or a bad option, naming it
     */
    public static String apply(OperatorConfig operatorConfig, String sampleText)
    {
        requireNonNull(operatorConfig, "operatorConfig is null");
        requireNonNull(sampleText, "sampleText is null");
        if (Operators.isDeduplicator(operatorConfig.name())) {
            return sampleText;
        }
        Operator operator = Operators.create(operatorConfig);
        return switch (operator) {
            case TextMapper mapper -> mapper.apply(sampleText);
            case TextFilter filter -> filter.keep(sampleText) ? sampleText : "";
        };
    }
}
