package io.meridian.cleaning.operator;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An operator by name with its options, as in Data-Juicer's {@code process} list: {@code {text_length_filter:
 * {min_len: 10, max_len: 4096}}}.
 */
public record OperatorConfig(String name, Map<String, Object> options)
{
    public OperatorConfig
    {
        requireNonNull(name, "name is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }

    public static OperatorConfig of(String name)
    {
        return new OperatorConfig(name, Map.of());
    }

    public String string(String option, String defaultValue)
    {
        Object value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + "." + option + " must be a string, got " + value);
        }
        return text;
    }

    public long number(String option, long defaultValue)
    {
        Object value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Number number) || number.doubleValue() != number.longValue()) {
            throw new IllegalArgumentException(name + "." + option + " must be a whole number, got " + value);
        }
        return number.longValue();
    }

    public double decimal(String option, double defaultValue)
    {
        Object value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(name + "." + option + " must be a number, got " + value);
        }
        return number.doubleValue();
    }

    public boolean flag(String option, boolean defaultValue)
    {
        Object value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(name + "." + option + " must be true or false, got " + value);
        }
        return flag;
    }
}
