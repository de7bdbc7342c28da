package io.meridian.cleaning.operator;

import java.util.Locale;

/**
 * {@code clean_copyright_mapper}: removes a copyright header comment from code.
 *
 * <p>As Data-Juicer: if the text holds a block comment {@code /* ... *}{@code /}, the first one is removed when it
 * contains the word {@code copyright} (any case), and nothing else happens. Otherwise the leading lines that start
 * with {@code //}, {@code #} or {@code --}, and empty lines among them, are removed. Deliberate difference: those
 * leading lines are removed only when they contain {@code copyright}, as the spec's form says ("必须包含单词
 * copyright"); Data-Juicer removes any leading comment block, which also eats a Python file's {@code #!} line and
 * every Markdown heading at the top of a text.
 */
public final class CleanCopyrightMapper
        implements TextMapper
{
    @Override
    public String name()
    {
        return "clean_copyright_mapper";
    }

    @Override
    public String apply(String text)
    {
        int open = text.indexOf("/*");
        if (open >= 0) {
            int close = text.indexOf("*/", open + 2);
            if (close >= 0) {
                if (containsCopyright(text, open, close + 2)) {
                    return text.substring(0, open) + text.substring(close + 2);
                }
                return text;
            }
        }
        int length = text.length();
        if (length == 0 || !startsComment(text.charAt(0))) {
            return text;
        }
        int end = 0;
        while (end < length) {
            int newline = text.indexOf('\n', end);
            int lineEnd = newline < 0 ? length : newline;
            boolean comment = lineEnd == end || text.startsWith("//", end) || text.startsWith("#", end) || text.startsWith("--", end);
            if (!comment) {
                break;
            }
            end = newline < 0 ? length : newline + 1;
        }
        if (end == 0 || !containsCopyright(text, 0, end)) {
            return text;
        }
        return text.substring(end);
    }

    /**
     * Whether a text starting with this character can start with a comment line or an empty line.
     */
    private static boolean startsComment(char c)
    {
        return c == '/' || c == '#' || c == '-' || c == '\n';
    }

    private static boolean containsCopyright(String text, int from, int to)
    {
        return text.substring(from, to).toLowerCase(Locale.ROOT).contains("copyright");
    }
}
