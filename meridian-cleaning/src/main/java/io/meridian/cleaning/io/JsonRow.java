package io.meridian.cleaning.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One jsonl line as a top-level JSON object, scanned as UTF-8 bytes: only the string values of the fields to process
 * are decoded, everything else stays the bytes it was read as, so fields the pipeline does not touch pass through
 * byte for byte and an unchanged row is written back as its original line. A hand-written scanner, so no whole line is
 * ever decoded to a {@code String}.
 */
public final class JsonRow
{
    private final byte[] line;
    private final int from;
    private final int to;
    private final List<String> fields;
    // per selected field: the value's [start, end) in the line (end exclusive, quotes included), or -1 when absent or
    // not a string
    private final int[] valueStart;
    private final int[] valueEnd;
    private final String[] values;
    private final String[] original;
    // per selected field: the UTF-8 bytes of a value written without escapes (its literal's bytes), else -1
    private final int[] plainBytes;

    private JsonRow(byte[] line, int from, int to, List<String> fields, int[] valueStart, int[] valueEnd, String[] values, int[] plainBytes)
    {
        this.plainBytes = plainBytes;
        this.line = line;
        this.from = from;
        this.to = to;
        this.fields = fields;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.values = values;
        this.original = values.clone();
    }

    /**
     * Parses a line given as text; see {@link #parse(byte[], int, int, List)}.
     */
    public static JsonRow parse(String line, List<String> fields)
    {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, fields);
    }

    /**
     * Parses the UTF-8 line at {@code [from, from + length)} of {@code line}; the fields' values are null when absent
     * or not strings (those fields are then not processed). The row keeps a reference to the array: it must not change
     * while the row is in use.
     *
     * @throws MalformedRowException when the line is not a JSON object
     */
    public static JsonRow parse(byte[] line, int from, int length, List<String> fields)
    {
        int[] starts = new int[fields.size()];
        int[] ends = new int[fields.size()];
        Arrays.fill(starts, -1);
        String[] values = new String[fields.size()];
        int[] plainBytes = new int[fields.size()];
        Arrays.fill(plainBytes, -1);
        Scanner scanner = new Scanner(line, from, from + length);
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
                boolean keyPlain = scanner.skipString();
                int keyEnd = scanner.position;
                scanner.skipWhitespace();
                scanner.expect(':');
                scanner.skipWhitespace();
                int start = scanner.position;
                if (scanner.peek() == '"') {
                    boolean plain = scanner.skipString();
                    int end = scanner.position;
                    int field = fieldIndex(line, keyStart, keyEnd, keyPlain, fields);
                    if (field >= 0) {
                        starts[field] = start;
                        ends[field] = end;
                        values[field] = decode(line, start, end, plain);
                        plainBytes[field] = plain ? end - start - 2 : -1;
                    }
                }
                else {
                    scanner.skipValue();
                }
                scanner.skipWhitespace();
                int c = scanner.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new MalformedRowException("expected ',' or '}' at byte " + (scanner.position - 1 - from));
                }
            }
        }
        scanner.skipWhitespace();
        if (scanner.position != scanner.end) {
            throw new MalformedRowException("unexpected text after the object at byte " + (scanner.position - from));
        }
        return new JsonRow(line, from, from + length, fields, starts, ends, values, plainBytes);
    }

    /**
     * The string literal at {@code [start, end)}, quotes included; {@code plain} when it has no escapes (its bytes are
     * then its UTF-8 text).
     */
    private static String decode(byte[] line, int start, int end, boolean plain)
    {
        String literal = new String(line, start + 1, end - start - 2, StandardCharsets.UTF_8);
        if (plain) {
            return literal;
        }
        // escapes are ASCII, so decoding the literal's bytes first and its escapes second gives the same text
        return Json.unescape(literal, 0, literal.length());
    }

    private static int fieldIndex(byte[] line, int keyStart, int keyEnd, boolean keyPlain, List<String> fields)
    {
        int keyLength = keyEnd - keyStart - 2;
        boolean ascii = keyPlain;
        for (int i = 0; i < fields.size() && ascii; i++) {
            String field = fields.get(i);
            if (field.length() != keyLength) {
                continue;
            }
            int j = 0;
            while (j < keyLength && line[keyStart + 1 + j] == field.charAt(j)) {
                j++;
            }
            if (j == keyLength) {
                return i;
            }
        }
        for (int i = keyStart + 1; i < keyEnd - 1 && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            // a key of plain ASCII bytes that matched no field byte for byte
            return -1;
        }
        return fields.indexOf(decode(line, keyStart, keyEnd, keyPlain));
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

    /**
     * The bytes field {@code i}'s value was read as when its literal has no escapes (then they are its UTF-8 text,
     * which saves encoding it to count them), else -1.
     */
    public int plainBytes(int i)
    {
        return plainBytes[i];
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
     * Writes the row as one JSON line (without the line break): the original bytes when nothing changed, else the
     * original bytes around the changed values and those values re-encoded.
     */
    public void writeTo(LineWriter out)
            throws IOException
    {
        if (!changed()) {
            out.write(line, from, to - from);
            return;
        }
        int copied = from;
        int done = -1;
        // the fields in the order they appear in the line; there are only a few
        while (true) {
            int next = -1;
            for (int i = 0; i < values.length; i++) {
                if (valueStart[i] > done && values[i] != original[i] && (next < 0 || valueStart[i] < valueStart[next])) {
                    next = i;
                }
            }
            if (next < 0) {
                break;
            }
            out.write(line, copied, valueStart[next] - copied);
            out.writeJsonString(values[next]);
            copied = valueEnd[next];
            done = valueStart[next];
        }
        out.write(line, copied, to - copied);
    }

    /**
     * The row as one JSON line (without the line break), as {@link #writeTo} writes it.
     */
    public String toJson()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from + 16);
        try (LineWriter out = new LineWriter(bytes, Math.max(64, 2 * (to - from)))) {
            writeTo(out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final class Scanner
    {
        private final byte[] text;
        private final int from;
        private final int end;
        private int position;

        Scanner(byte[] text, int from, int end)
        {
            this.text = text;
            this.from = from;
            this.end = end;
            this.position = from;
        }

        int peek()
        {
            if (position >= end) {
                throw new MalformedRowException("the line ends inside the JSON object");
            }
            return text[position];
        }

        int next()
        {
            int c = peek();
            position++;
            return c;
        }

        void expect(char c)
        {
            if (next() != c) {
                throw new MalformedRowException("expected '" + c + "' at byte " + (position - 1 - from));
            }
        }

        void skipWhitespace()
        {
            while (position < end) {
                byte c = text[position];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                position++;
            }
        }

        /**
         * Skips a string literal; true when it has no escapes.
         */
        boolean skipString()
        {
            expect('"');
            boolean plain = true;
            byte[] bytes = text;
            int at = position;
            int limit = end;
            while (at < limit) {
                int found = ByteScan.quoteOrBackslash(bytes, at, limit);
                if (found < 0) {
                    break;
                }
                if (bytes[found] == '"') {
                    position = found + 1;
                    return plain;
                }
                plain = false;
                at = found + 2;
            }
            position = limit;
            throw new MalformedRowException("the line ends inside the JSON object");
        }

        void skipValue()
        {
            int c = peek();
            if (c == '"') {
                skipString();
                return;
            }
            if (c == '{' || c == '[') {
                // nested containers: count brackets outside strings
                int depth = 0;
                while (true) {
                    int d = peek();
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
            while (position < end && !isDelimiter(text[position])) {
                position++;
            }
            if (position == start) {
                throw new MalformedRowException("expected a value at byte " + (start - from));
            }
        }

        private static boolean isDelimiter(byte c)
        {
            return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }
    }
}
