package io.meridian.cleaning.io;

/**
 * JSON string literals: decoding one from a line, appending one to a builder.
 */
public final class Json
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /**
     * The text of a string literal's content {@code [from, to)} (without its quotes), escapes resolved.
     */
    public static String unescape(String text, int from, int to)
    {
        int firstEscape = text.indexOf('\\', from);
        if (firstEscape < 0 || firstEscape >= to) {
            return text.substring(from, to);
        }
        // one char array for the result: no builder growing or widening from Latin-1 to UTF-16 on the way
        char[] out = new char[to - from];
        text.getChars(from, firstEscape, out, 0);
        int length = firstEscape - from;
        int i = firstEscape;
        while (i < to) {
            int escape = text.indexOf('\\', i);
            if (escape < 0 || escape >= to) {
                text.getChars(i, to, out, length);
                length += to - i;
                break;
            }
            text.getChars(i, escape, out, length);
            length += escape - i;
            i = escape;
            if (i + 1 >= to) {
                // a lone backslash at the very end is kept as it is
                out[length++] = '\\';
                break;
            }
            char e = text.charAt(i + 1);
            switch (e) {
                case 'n' -> out[length++] = '\n';
                case 't' -> out[length++] = '\t';
                case 'r' -> out[length++] = '\r';
                case 'b' -> out[length++] = '\b';
                case 'f' -> out[length++] = '\f';
                case 'u' -> {
                    if (i + 6 > to) {
                        throw new MalformedRowException("a \\u escape is cut short at character " + i);
                    }
                    try {
                        out[length++] = (char) Integer.parseInt(text, i + 2, i + 6, 16);
                    }
                    catch (NumberFormatException ex) {
                        throw new MalformedRowException("a \\u escape has no four hex digits at character " + i);
                    }
                    i += 4;
                }
                default -> out[length++] = e;
            }
            i += 2;
        }
        return new String(out, 0, length);
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
