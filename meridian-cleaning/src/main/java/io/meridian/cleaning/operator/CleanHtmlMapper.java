package io.meridian.cleaning.operator;

import java.util.Locale;
import java.util.Map;

/**
 * {@code clean_html_mapper}: HTML to the plain text of all its nodes.
 *
 * <p>As Data-Juicer (which first rewrites {@code <li>} and {@code <ol>} to a new line and {@code *}, drops
 * {@code </li>} and {@code </ol>}, then concatenates the text of every node without separators): tags vanish,
 * nesting does not matter, white space before the first text or tag is dropped (as an HTML parser does, even for
 * plain text), character references are decoded ({@code &amp;amp;}, {@code &amp;#20013;},
 * {@code &amp;nbsp;} to U+00A0). Deliberate differences: the contents of {@code <script>} and {@code <style>} are
 * dropped (they are code, not text), and so are comments, doctypes and processing instructions. A {@code <} that does
 * not start a tag ({@code a < b}, {@code <3}) stays text, as in HTML parsers. A hand-written single-pass scanner: a tag
 * left open at the end swallows the rest of the text (as in HTML) instead of being searched for again at each position.
 */
public final class CleanHtmlMapper
        implements TextMapper
{
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"),
            Map.entry("lt", "<"),
            Map.entry("gt", ">"),
            Map.entry("quot", "\""),
            Map.entry("apos", "'"),
            Map.entry("nbsp", "\u00a0"),
            Map.entry("copy", "\u00a9"),
            Map.entry("reg", "\u00ae"),
            Map.entry("mdash", "\u2014"),
            Map.entry("ndash", "\u2013"),
            Map.entry("hellip", "\u2026"),
            Map.entry("middot", "\u00b7"),
            Map.entry("ldquo", "\u201c"),
            Map.entry("rdquo", "\u201d"),
            Map.entry("lsquo", "\u2018"),
            Map.entry("rsquo", "\u2019"),
            Map.entry("times", "\u00d7"),
            Map.entry("yen", "\u00a5"));

    @Override
    public String name()
    {
        return "clean_html_mapper";
    }

    @Override
    public String apply(String text)
    {
        int length = text.length();
        if (text.indexOf('<') < 0 && text.indexOf('&') < 0) {
            int start = 0;
            while (start < length && isHtmlWhitespace(text.charAt(start))) {
                start++;
            }
            return start == 0 ? text : text.substring(start);
        }
        StringBuilder out = new StringBuilder(length);
        // as in an HTML parser, white space before the first text or element is not part of the document's text
        boolean started = false;
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '&') {
                started = true;
                i = entity(text, i, out);
                continue;
            }
            if (c != '<' || i + 1 >= length) {
                if (started || !isHtmlWhitespace(c)) {
                    started = true;
                    out.append(c);
                }
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (text.startsWith("<!--", i)) {
                int close = text.indexOf("-->", i + 4);
                i = close < 0 ? length : close + 3;
            }
            else if (next == '!' || next == '?') {
                int close = text.indexOf('>', i + 2);
                i = close < 0 ? length : close + 1;
            }
            else if (isAsciiLetter(next) || (next == '/' && i + 2 < length && isAsciiLetter(text.charAt(i + 2)))) {
                boolean closing = next == '/';
                int nameStart = closing ? i + 2 : i + 1;
                int nameEnd = nameStart;
                while (nameEnd < length && isNameChar(text.charAt(nameEnd))) {
                    nameEnd++;
                }
                String tag = text.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
                started = true;
                int end = tagEnd(text, nameEnd);
                if (!closing && (tag.equals("li") || tag.equals("ol")) && end == nameEnd + 1) {
                    // Data-Juicer rewrites exactly "<li>" and "<ol>" (no attributes) to a list marker
                    out.append("\n*");
                }
                if (!closing && end < length && (tag.equals("script") || tag.equals("style"))) {
                    end = rawTextEnd(text, end, tag);
                }
                i = end;
            }
            else {
                started = true;
                out.append(c);
                i++;
            }
        }
        return out.length() == length && out.toString().equals(text) ? text : out.toString();
    }

    /**
     * The index after the {@code >} closing a tag whose name ends at {@code from}; quoted attribute values may hold
     * {@code >}. A tag never closed swallows the rest of the text.
     */
    private static int tagEnd(String text, int from)
    {
        int length = text.length();
        char quote = 0;
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            }
            else if (c == '"' || c == '\'') {
                quote = c;
            }
            else if (c == '>') {
                return i + 1;
            }
        }
        return length;
    }

    /**
     * The index after the end tag of a raw-text element (script, style), or the end of the text.
     */
    private static int rawTextEnd(String text, int from, String tag)
    {
        String closing = "</" + tag;
        int length = text.length();
        int i = from;
        while (true) {
            int lt = text.indexOf("</", i);
            if (lt < 0) {
                return length;
            }
            if (text.regionMatches(true, lt, closing, 0, closing.length())) {
                return tagEnd(text, lt + closing.length());
            }
            i = lt + 2;
        }
    }

    /**
     * Decodes the character reference at {@code at} into {@code out}; an unknown or malformed one stays as written.
     */
    private static int entity(String text, int at, StringBuilder out)
    {
        int length = text.length();
        int semicolon = -1;
        for (int i = at + 1; i < length && i <= at + 10; i++) {
            char c = text.charAt(i);
            if (c == ';') {
                semicolon = i;
                break;
            }
            if (!isAsciiLetter(c) && !ResidentIds.isDigit(c) && c != '#') {
                break;
            }
        }
        if (semicolon > at + 1) {
            String name = text.substring(at + 1, semicolon);
            if (name.charAt(0) == '#') {
                int codePoint = numericReference(name);
                if (codePoint > 0) {
                    out.appendCodePoint(codePoint);
                    return semicolon + 1;
                }
            }
            else {
                String value = ENTITIES.get(name);
                if (value != null) {
                    out.append(value);
                    return semicolon + 1;
                }
            }
        }
        out.append('&');
        return at + 1;
    }

    private static int numericReference(String name)
    {
        try {
            int value = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                    ? Integer.parseInt(name.substring(2), 16)
                    : Integer.parseInt(name.substring(1));
            return Character.isValidCodePoint(value) ? value : -1;
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHtmlWhitespace(char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isNameChar(char c)
    {
        return isAsciiLetter(c) || ResidentIds.isDigit(c) || c == '-' || c == ':';
    }

    private static boolean isAsciiLetter(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
