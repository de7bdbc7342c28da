package io.meridian.cleaning.operator;

/**
 * {@code remove_comments_mapper} for TeX ({@code doc_type: tex}), as Data-Juicer, in its order:
 * <ul>
 * <li>{@code inline}: from the first {@code %} of a line that is not preceded by a backslash and is followed by at
 * least one character, to the end of the line is removed, together with the character before the {@code %}
 * (Data-Juicer's {@code [^\\]%.+$}: {@code a % note} becomes {@code a}; that character may be the previous line's
 * break).</li>
 * <li>{@code multiline}: every line that starts with {@code %} is removed with its line break.</li>
 * </ul>
 * {@code \%} (an escaped percent sign) is never a comment.
 */
public final class RemoveCommentsMapper
        implements TextMapper
{
    private final boolean inline;
    private final boolean multiline;

    public RemoveCommentsMapper(boolean inline, boolean multiline)
    {
        this.inline = inline;
        this.multiline = multiline;
    }

    public RemoveCommentsMapper()
    {
        this(true, true);
    }

    @Override
    public String name()
    {
        return "remove_comments_mapper";
    }

    @Override
    public String apply(String text)
    {
        if (text.indexOf('%') < 0) {
            return text;
        }
        String result = inline ? removeInline(text) : text;
        return multiline ? removeWholeLines(result) : result;
    }

    /**
     * Data-Juicer's {@code [^\\]%.+$} in MULTILINE mode: the character before the {@code %} may be any but a
     * backslash, a line break included, so a comment line after the first also takes the line break before it.
     */
    private static String removeInline(String text)
    {
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int p = 0;
        while (p + 2 < length) {
            int percent = text.indexOf('%', p + 1);
            if (percent < 0 || percent + 1 >= length) {
                break;
            }
            p = percent - 1;
            if (text.charAt(p) == '\\' || text.charAt(percent + 1) == '\n') {
                p = percent;
                continue;
            }
            int newline = text.indexOf('\n', percent + 1);
            int lineEnd = newline < 0 ? length : newline;
            if (out == null) {
                out = new Splice(length);
            }
            out.append(text, copied, p);
            copied = lineEnd;
            p = lineEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }

    private static String removeWholeLines(String text)
    {
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int lineStart = 0;
        while (lineStart < length) {
            int newline = text.indexOf('\n', lineStart);
            int next = newline < 0 ? length : newline + 1;
            if (text.charAt(lineStart) == '%') {
                if (out == null) {
                    out = new Splice(length);
                }
                out.append(text, copied, lineStart);
                copied = next;
            }
            lineStart = next;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }
}
