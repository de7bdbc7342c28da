package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.dedup.Hashing;
import io.meridian.cleaning.dedup.MinHasher;
import io.meridian.cleaning.io.JsonRow;
import io.meridian.cleaning.operator.Operator;
import io.meridian.cleaning.operator.TextFilter;
import io.meridian.cleaning.operator.TextMapper;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Runs the per-row operators on one row's selected fields, counting what each did, and computes the row's
 * de-duplication keys. One per worker thread (it keeps counters); the operators themselves are shared.
 */
public final class RowProcessor
{
    private final List<String> fields;
    private final Operator[] operators;
    private final OperatorStats[] stats;
    private final MinHasher minHasher;
    private final int[] fieldBytes;
    private long currentBytes;

    public RowProcessor(PipelineSpec spec, List<Operator> operators, MinHasher minHasher)
    {
        this.fields = requireNonNull(spec, "spec is null").fields();
        this.operators = operators.toArray(Operator[]::new);
        this.stats = new OperatorStats[this.operators.length];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new OperatorStats(this.operators[i].name());
        }
        this.minHasher = minHasher;
        this.fieldBytes = new int[fields.size()];
    }

    public List<OperatorStats> stats()
    {
        return List.of(stats);
    }

    public List<String> fields()
    {
        return fields;
    }

    /**
     * Applies the operators in order; false when a filter dropped the row.
     */
    public boolean process(JsonRow row)
    {
        int fieldCount = row.fieldCount();
        long rowBytes = 0;
        for (int f = 0; f < fieldCount; f++) {
            String value = row.value(f);
            int plain = row.plainBytes(f);
            fieldBytes[f] = value == null ? 0 : (plain >= 0 ? plain : utf8Length(value));
            rowBytes += fieldBytes[f];
        }
        // one clock reading per operator: where one operator's time ends the next one's starts
        long start = System.nanoTime();
        for (int o = 0; o < operators.length; o++) {
            Operator operator = operators[o];
            boolean keep = true;
            boolean changed = false;
            long bytesAfter = rowBytes;
            switch (operator) {
                case TextMapper mapper -> {
                    for (int f = 0; f < fieldCount; f++) {
                        String value = row.value(f);
                        if (value == null) {
                            continue;
                        }
                        String result = mapper.apply(value);
                        if (result != value) {
                            row.setValue(f, result);
                            int bytes = utf8Length(result);
                            bytesAfter += bytes - fieldBytes[f];
                            fieldBytes[f] = bytes;
                            changed = true;
                        }
                    }
                }
                case TextFilter filter -> {
                    for (int f = 0; f < fieldCount && keep; f++) {
                        String value = row.value(f);
                        keep = value == null || filter.keep(value);
                    }
                }
            }
            long end = System.nanoTime();
            stats[o].record(1, keep ? 1 : 0, changed ? 1 : 0, rowBytes, keep ? bytesAfter : 0, end - start);
            start = end;
            rowBytes = bytesAfter;
            if (!keep) {
                return false;
            }
        }
        currentBytes = rowBytes;
        return true;
    }

    /**
     * The 128-bit exact de-duplication key of the processed fields: each field's hash mixed in order, so
     * {@code ("ab", "c")} and {@code ("a", "bc")} differ.
     */
    public static long[] exactKey(JsonRow row, boolean lowercase)
    {
        long h1 = 0x1234567L;
        long h2 = 0x7654321L;
        long[] field = new long[2];
        for (int f = 0; f < row.fieldCount(); f++) {
            String value = row.value(f);
            String text = value == null ? "\u0000" : (lowercase ? value.toLowerCase(Locale.ROOT) : value);
            Hashing.hash128(text, f, field);
            h1 = Hashing.mix(h1, field[0]);
            h2 = Hashing.mix(h2, field[1]);
        }
        return new long[] {h1, h2};
    }

    /**
     * The UTF-8 bytes of the processed fields after the last operator, as tracked while processing.
     */
    public long currentBytes()
    {
        return currentBytes;
    }

    /**
     * The LSH band keys of the processed fields joined by line breaks, or null for a row with no text.
     */
    public long[] bandKeys(JsonRow row)
    {
        StringBuilder text = new StringBuilder();
        for (int f = 0; f < row.fieldCount(); f++) {
            String value = row.value(f);
            if (value != null && !value.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(value);
            }
        }
        long[] signature = minHasher.signature(text.toString());
        return signature == null ? null : minHasher.bandKeys(signature);
    }

    public static int utf8Length(String text)
    {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // surrogates count 2 each: 4 per pair
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
