package io.meridian.cleaning.io;

/**
 * JSON string literals: decoding one from a line, appending one to a builder.
 */
public final class Json
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /**
     * Decodes the string literal at {@code [start, end)} of {@code text}, quotes included.
     */
    public static String decodeString(String text, int start, int end)
    {
        int firstEscape = text.indexOf('\\', start + 1);
        if (firstEscape < 0 || firstEscape >= end - 1) {
            return text.substring(start + 1, end - 1);
        }
        StringBuilder out = new StringBuilder(end - start);
        out.append(text, start + 1, firstEscape);
        int i = firstEscape;
        while (i < end - 1) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 6 > end - 1) {
                        throw new MalformedRowException("a \\u escape is cut short at character " + i);
                    }
                    try {
                        out.append((char) Integer.parseInt(text, i + 2, i + 6, 16));
                    }
                    catch (NumberFormatException ex) {
                        throw new MalformedRowException("a \\u escape has no four hex digits at character " + i);
                    }
                    i += 4;
                }
                default -> out.append(e);
            }
            i += 2;
        }
        return out.toString();
    }

    public static void appendString(StringBuilder out, String value)
    {
        out.append('"');
        int length = value.length();
        // copy the runs between characters that need escaping in one call each
        int copied = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, copied, i);
            copied = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(value, copied, length);
        out.append('"');
    }
}
