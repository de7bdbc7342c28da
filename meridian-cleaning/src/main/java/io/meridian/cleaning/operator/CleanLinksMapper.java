package io.meridian.cleaning.operator;

import static java.util.Objects.requireNonNull;

/**
 * {@code clean_links_mapper}: replaces links with {@code repl} (empty by default).
 *
 * <p>Matches what Data-Juicer's default pattern (from CleanText) matches, at a word boundary: a prefix that is a
 * scheme ({@code [a-z][\w-]+:} then one to three slashes or a letter, digit or {@code %}: {@code http://},
 * {@code ftp://}, {@code mailto:x}), or {@code www}, up to three digits and a dot, or a host name ending in a dot,
 * two to four letters and a slash ({@code example.com/}); then a body of characters other than white space and
 * {@code ()<>}, which may hold balanced parentheses nested two deep; the last character may not be one of
 * {@code `!()[]{};:'".,<>?«»“”‘’} (a trailing parenthesised group may). Like the pattern, any word followed by a
 * colon and a letter counts as a scheme ({@code Note:see} is removed); tenants coming from Data-Juicer get the same
 * output.
 *
 * <p>Deliberate difference: CJK characters and full-width forms end a link (and cannot be part of a scheme), because
 * Chinese text rarely puts a space after a link: {@code 访问https://a.cn/x，然后} keeps {@code ，然后}. The pattern's
 * nested quantifiers backtrack catastrophically on long runs of parentheses; this scanner makes one forward pass
 * over a link's body, so its cost is linear in the text.
 */
public final class CleanLinksMapper
        implements TextMapper
{
    private static final String TRAILING_PUNCTUATION = "`!()[]{};:'\".,<>?\u00ab\u00bb\u201c\u201d\u2018\u2019";

    private final String repl;

    public CleanLinksMapper(String repl)
    {
        this.repl = requireNonNull(repl, "repl is null");
    }

    public CleanLinksMapper()
    {
        this("");
    }

    @Override
    public String name()
    {
        return "clean_links_mapper";
    }

    @Override
    public String apply(String text)
    {
        // every prefix has a colon, a slash or "www": most texts are done after a few vectorised searches
        if (text.indexOf(':') < 0 && text.indexOf('/') < 0 && !containsWww(text)) {
            return text;
        }
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        // A start inside a run of scheme or host characters shares the run's end with the run's earlier starts:
        // remembering it keeps long runs like "a-a-a-a..." linear.
        int schemeRunEnd = -1;
        int hostRunEnd = -1;
        while (i < length) {
            char c = text.charAt(i);
            if (!isAsciiAlnum(c) || (i > 0 && isWordChar(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            if (i >= schemeRunEnd) {
                schemeRunEnd = runEnd(text, i, true);
            }
            if (i >= hostRunEnd) {
                hostRunEnd = runEnd(text, i, false);
            }
            int bodyStart = prefixEnd(text, i, schemeRunEnd, hostRunEnd);
            int end = bodyStart < 0 ? -1 : bodyEnd(text, bodyStart);
            if (end < 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new Splice(length);
            }
            out.append(text, copied, i).append(repl);
            copied = end;
            i = end;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }

    /**
     * The smallest end of a prefix at {@code start} (any prefix will do: the body's end does not depend on it), or -1.
     */
    static int prefixEnd(String text, int start, int schemeRunEnd, int hostRunEnd)
    {
        int length = text.length();
        int best = -1;
        // scheme: [a-z][\w-]+: then /{1,3} or [a-z0-9%]
        if (isAsciiLetter(text.charAt(start))) {
            int i = schemeRunEnd;
            if (i > start + 1 && i + 1 < length && text.charAt(i) == ':') {
                char after = text.charAt(i + 1);
                if (after == '/' || isAsciiAlnum(after) || after == '%') {
                    best = i + 2;
                }
            }
        }
        // www\d{0,3}[.]
        if (text.regionMatches(true, start, "www", 0, 3)) {
            int i = start + 3;
            int digits = 0;
            while (digits < 3 && i < length && ResidentIds.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
            if (i < length && text.charAt(i) == '.') {
                best = best < 0 ? i + 1 : Math.min(best, i + 1);
            }
        }
        // [a-z0-9.\-]+[.][a-z]{2,4}/ : the slash must end the host run
        int run = hostRunEnd;
        if (run < length && text.charAt(run) == '/') {
            for (int letters = 2; letters <= 4; letters++) {
                int dot = run - letters - 1;
                if (dot > start && text.charAt(dot) == '.' && allAsciiLetters(text, dot + 1, run)) {
                    best = best < 0 ? run + 1 : Math.min(best, run + 1);
                    break;
                }
            }
        }
        return best;
    }

    private static boolean containsWww(String text)
    {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = (text.charAt(i) | 0x20) == 'w' ? run + 1 : 0;
            if (run == 3) {
                return true;
            }
        }
        return false;
    }

    private static int runEnd(String text, int from, boolean scheme)
    {
        int i = from;
        while (i < text.length() && (scheme ? isSchemeChar(text.charAt(i)) : isHostChar(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    /**
     * The end of a link body at {@code from}: one or more body pieces, then a last character that is not trailing
     * punctuation or a last parenthesised group; -1 if there is no such end.
     */
    static int bodyEnd(String text, int from)
    {
        int length = text.length();
        int best = -1;
        int i = from;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '(') {
                int group = groupEnd(text, i);
                if (group < 0) {
                    break;
                }
                if (i > from) {
                    best = group;
                }
                i = group;
                continue;
            }
            if (!isBodyChar(c)) {
                break;
            }
            if (i > from && TRAILING_PUNCTUATION.indexOf(c) < 0) {
                best = i + 1;
            }
            i++;
        }
        return best;
    }

    /**
     * {@code \(([^\s()<>]+|(\([^\s()<>]+\)))*\)} at {@code at}: its end, or -1.
     */
    private static int groupEnd(String text, int at)
    {
        int length = text.length();
        int i = at + 1;
        while (i < length) {
            char c = text.charAt(i);
            if (c == ')') {
                return i + 1;
            }
            if (c == '(') {
                int j = i + 1;
                while (j < length && isBodyChar(text.charAt(j))) {
                    j++;
                }
                if (j == i + 1 || j >= length || text.charAt(j) != ')') {
                    return -1;
                }
                i = j + 1;
                continue;
            }
            if (!isBodyChar(c)) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static boolean isBodyChar(char c)
    {
        return c != '(' && c != ')' && c != '<' && c != '>' && !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !isCjkOrFullWidth(c);
    }

    static boolean isCjkOrFullWidth(char c)
    {
        return (c >= '\u2e80' && c <= '\u9fff') || (c >= '\uac00' && c <= '\ud7af') || (c >= '\uf900' && c <= '\ufaff')
                || (c >= '\ufe30' && c <= '\ufe4f') || (c >= '\uff00' && c <= '\uffef');
    }

    /**
     * A word character for the boundary before a link; CJK is not one here (in Data-Juicer it is, so a link right
     * after Chinese text is never found there).
     */
    private static boolean isWordChar(char c)
    {
        return c == '_' || (Character.isLetterOrDigit(c) && !isCjkOrFullWidth(c));
    }

    private static boolean isSchemeChar(char c)
    {
        return c == '-' || c == '_' || (Character.isLetterOrDigit(c) && !isCjkOrFullWidth(c));
    }

    private static boolean isHostChar(char c)
    {
        return isAsciiAlnum(c) || c == '.' || c == '-';
    }

    private static boolean allAsciiLetters(String text, int from, int to)
    {
        for (int i = from; i < to; i++) {
            if (!isAsciiLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlnum(char c)
    {
        return isAsciiLetter(c) || ResidentIds.isDigit(c);
    }

    private static boolean isAsciiLetter(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
