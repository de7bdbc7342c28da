package io.meridian.cleaning.operator;

/**
 * {@code text_length_filter}: keeps a row when the field's length, in Unicode code points (Python's {@code len}), is
 * within {@code [min_len, max_len]}; Data-Juicer's defaults are 10 and unbounded. Deliberate difference: an empty
 * field is not measured (the row is kept as far as this field goes), because instruction-tuning rows very often have
 * an empty {@code input} and Data-Juicer, applied to each field, would drop them all.
 */
public final class TextLengthFilter
        implements TextFilter
{
    private final int minLength;
    private final long maxLength;

    public TextLengthFilter(int minLength, long maxLength)
    {
        if (minLength < 0 || maxLength < minLength) {
            throw new IllegalArgumentException("text_length_filter needs 0 <= min_len <= max_len, got " + minLength + " and " + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    @Override
    public String name()
    {
        return "text_length_filter";
    }

    @Override
    public boolean keep(String text)
    {
        if (text.isEmpty()) {
            return true;
        }
        int length = text.codePointCount(0, text.length());
        return length >= minLength && length <= maxLength;
    }
}
