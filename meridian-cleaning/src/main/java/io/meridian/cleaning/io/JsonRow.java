package io.meridian.cleaning.io;

import java.util.Arrays;
import java.util.List;

/**
 * One jsonl line as a top-level JSON object: the string values of the fields to process are decoded, everything else
 * is kept as the exact text it was written as, so fields the pipeline does not touch pass through byte for byte and an
 * unchanged row is written back as its original line. A hand-written scanner: only the values of the selected fields
 * are decoded.
 */
public final class JsonRow
{
    private final String line;
    private final List<String> fields;
    // per selected field: the value's [start, end) in the line (end exclusive, quotes included), or -1 when absent or
    // not a string
    private final int[] valueStart;
    private final int[] valueEnd;
    private final String[] values;
    private final String[] original;

    private JsonRow(String line, List<String> fields, int[] valueStart, int[] valueEnd, String[] values)
    {
        this.line = line;
        this.fields = fields;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.values = values;
        this.original = values.clone();
    }

    /**
     * Parses a line; the fields' values are null when absent or not strings (those fields are then not processed).
     *
     * @throws MalformedRowException when the line is not a JSON object
     */
    public static JsonRow parse(String line, List<String> fields)
    {
        int[] starts = new int[fields.size()];
        int[] ends = new int[fields.size()];
        Arrays.fill(starts, -1);
        String[] values = new String[fields.size()];
        Scanner scanner = new Scanner(line);
        scanner.skipWhitespace();
        scanner.expect('{');
        scanner.skipWhitespace();
        if (scanner.peek() == '}') {
            scanner.position++;
        }
        else {
            while (true) {
                scanner.skipWhitespace();
                int keyStart = scanner.position;
                scanner.skipString();
                int keyEnd = scanner.position;
                scanner.skipWhitespace();
                scanner.expect(':');
                scanner.skipWhitespace();
                int start = scanner.position;
                boolean string = scanner.peek() == '"';
                scanner.skipValue();
                int end = scanner.position;
                if (string) {
                    int field = fieldIndex(line, keyStart, keyEnd, fields);
                    if (field >= 0) {
                        starts[field] = start;
                        ends[field] = end;
                        values[field] = Json.decodeString(line, start, end);
                    }
                }
                scanner.skipWhitespace();
                char c = scanner.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new MalformedRowException("expected ',' or '}' at character " + (scanner.position - 1));
                }
            }
        }
        scanner.skipWhitespace();
        if (scanner.position != line.length()) {
            throw new MalformedRowException("unexpected text after the object at character " + scanner.position);
        }
        return new JsonRow(line, fields, starts, ends, values);
    }

    private static int fieldIndex(String line, int keyStart, int keyEnd, List<String> fields)
    {
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            // the common case: a key written without escapes
            if (keyEnd - keyStart == field.length() + 2 && line.startsWith(field, keyStart + 1)) {
                return i;
            }
        }
        if (line.indexOf('\\', keyStart) >= 0 && line.indexOf('\\', keyStart) < keyEnd) {
            String key = Json.decodeString(line, keyStart, keyEnd);
            return fields.indexOf(key);
        }
        return -1;
    }

    public int fieldCount()
    {
        return fields.size();
    }

    /**
     * The current value of field {@code i}, or null when the row has no string there.
     */
    public String value(int i)
    {
        return values[i];
    }

    public void setValue(int i, String value)
    {
        if (values[i] == null) {
            throw new IllegalStateException("field " + fields.get(i) + " has no string value to replace");
        }
        values[i] = value;
    }

    public boolean changed()
    {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != original[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The row as one JSON line (without the line break): the original line when nothing changed.
     */
    public String toJson()
    {
        if (!changed()) {
            return line;
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(valueStart[a], valueStart[b]));
        StringBuilder out = new StringBuilder(line.length());
        int copied = 0;
        for (int i : order) {
            if (valueStart[i] < 0 || values[i] == original[i]) {
                continue;
            }
            out.append(line, copied, valueStart[i]);
            Json.appendString(out, values[i]);
            copied = valueEnd[i];
        }
        return out.append(line, copied, line.length()).toString();
    }

    private static final class Scanner
    {
        private final String text;
        private int position;

        Scanner(String text)
        {
            this.text = text;
        }

        char peek()
        {
            if (position >= text.length()) {
                throw new MalformedRowException("the line ends inside the JSON object");
            }
            return text.charAt(position);
        }

        char next()
        {
            char c = peek();
            position++;
            return c;
        }

        void expect(char c)
        {
            if (next() != c) {
                throw new MalformedRowException("expected '" + c + "' at character " + (position - 1));
            }
        }

        void skipWhitespace()
        {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                position++;
            }
        }

        void skipString()
        {
            expect('"');
            while (true) {
                char c = next();
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    next();
                }
            }
        }

        void skipValue()
        {
            char c = peek();
            if (c == '"') {
                skipString();
                return;
            }
            if (c == '{' || c == '[') {
                // nested containers: count brackets outside strings
                int depth = 0;
                while (true) {
                    char d = peek();
                    if (d == '"') {
                        skipString();
                        continue;
                    }
                    position++;
                    if (d == '{' || d == '[') {
                        depth++;
                    }
                    else if (d == '}' || d == ']') {
                        depth--;
                        if (depth == 0) {
                            return;
                        }
                    }
                }
            }
            int start = position;
            while (position < text.length() && ",}] \t\r\n".indexOf(text.charAt(position)) < 0) {
                position++;
            }
            if (position == start) {
                throw new MalformedRowException("expected a value at character " + start);
            }
        }
    }
}
