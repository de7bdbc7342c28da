package io.meridian.cleaning.bench;

import io.meridian.cleaning.Preview;
import io.meridian.cleaning.io.JsonRow;
import io.meridian.cleaning.io.LineReader;
import io.meridian.cleaning.io.Shard;
import io.meridian.cleaning.operator.OperatorConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares Meridian's operators with Data-Juicer's output on the same texts: {@code DifferentialCheck FILE} reads the
 * lines {@code {"op", "text", "dj"}} written by {@code bench/dj_outputs.py} and prints, per operator, how many outputs
 * are identical, with the first differing examples.
 */
public final class DifferentialCheck
{
    private static final List<String> FIELDS = List.of("op", "text", "dj");

    private DifferentialCheck() {}

    public static void main(String[] args)
            throws IOException
    {
        Path file = Path.of(args[0]);
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Map<String, int[]> counts = new TreeMap<>();
        try (LineReader reader = new LineReader(file, Shard.of(file, 0, 1))) {
            String line;
            while ((line = reader.next()) != null) {
                JsonRow row = JsonRow.parse(line, FIELDS);
                String op = row.value(0);
                String ours = Preview.apply(OperatorConfig.of(op), row.value(1));
                int[] count = counts.computeIfAbsent(op, name -> new int[2]);
                count[0]++;
                if (ours.equals(row.value(2))) {
                    count[1]++;
                }
                else if (count[0] - count[1] <= examples) {
                    System.out.println("differs: " + op + "\n  text: " + abbreviate(row.value(1)) + "\n  data-juicer: " + abbreviate(row.value(2))
                            + "\n  meridian:    " + abbreviate(ours));
                }
            }
        }
        counts.forEach((op, count) -> System.out.printf("%s: %d of %d identical (%.2f%%)%n", op, count[1], count[0], 100.0 * count[1] / count[0]));
    }

    private static String abbreviate(String text)
    {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
