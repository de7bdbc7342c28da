package io.meridian.cleaning.operator;

import static java.util.Objects.requireNonNull;

/**
 * {@code clean_email_mapper}: replaces e-mail addresses with {@code repl} (empty by default).
 *
 * <p>Matches what Data-Juicer's default pattern {@code [A-Za-z0-9.\-+_]+@[a-z0-9.\-+_]+\.[a-z]+} matches, with one
 * deliberate difference: the domain is matched case-insensitively ({@code Li.Ming@Example.COM} is removed too; the
 * pattern above would leave it, which is wrong for a privacy operator). A hand-written scanner instead of a regex: it
 * looks only at the characters around each {@code @}, so its cost is linear in the text.
 */
public final class CleanEmailMapper
        implements TextMapper
{
    private final String repl;

    public CleanEmailMapper(String repl)
    {
        this.repl = requireNonNull(repl, "repl is null");
    }

    public CleanEmailMapper()
    {
        this("");
    }

    @Override
    public String name()
    {
        return "clean_email_mapper";
    }

    @Override
    public String apply(String text)
    {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        Splice out = null;
        // everything before `copied` is already in `out` (or unchanged); a local part never reaches back before it
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            int end = start < at ? domainEnd(text, at + 1) : -1;
            if (end < 0) {
                at = text.indexOf('@', at + 1);
                continue;
            }
            if (out == null) {
                out = new Splice(text.length());
            }
            out.append(text, copied, start).append(repl);
            copied = end;
            at = text.indexOf('@', end);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The end of {@code domain\.[a-z]+} starting at {@code from}, or -1: the domain run backs off to its last dot that
     * is followed by a letter and preceded by at least one domain character, as the regex's backtracking does.
     */
    private static int domainEnd(String text, int from)
    {
        int runEnd = from;
        while (runEnd < text.length() && isDomainChar(text.charAt(runEnd))) {
            runEnd++;
        }
        for (int dot = runEnd - 2; dot > from; dot--) {
            if (text.charAt(dot) == '.' && isAsciiLetter(text.charAt(dot + 1))) {
                int end = dot + 1;
                while (end < text.length() && isAsciiLetter(text.charAt(end))) {
                    end++;
                }
                return end;
            }
        }
        return -1;
    }

    static boolean isLocalChar(char c)
    {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == '_';
    }

    private static boolean isDomainChar(char c)
    {
        return isLocalChar(c);
    }

    private static boolean isAsciiLetter(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
