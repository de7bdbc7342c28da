package io.meridian.cleaning.operator;

import static java.util.Objects.requireNonNull;

/**
 * {@code clean_id_card_mapper}: replaces Chinese resident identity numbers with {@code repl} (empty by default).
 * Meridian's own operator (Data-Juicer has none): only numbers whose check character is right are removed (see
 * {@link ResidentIds}); a run of digits longer than 18 is not an identity number, so the 18 characters must not be
 * preceded or followed by a digit (nor followed by a Latin letter, which would make the {@code X} part of a word). A
 * Chinese character may follow: in Chinese text the number runs straight into the next word ({@code 形如…的}).
 */
public final class CleanIdCardMapper
        implements TextMapper
{
    private final String repl;

    public CleanIdCardMapper(String repl)
    {
        this.repl = requireNonNull(repl, "repl is null");
    }

    public CleanIdCardMapper()
    {
        this("");
    }

    @Override
    public String name()
    {
        return "clean_id_card_mapper";
    }

    @Override
    public String apply(String text)
    {
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!ResidentIds.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i + 1;
            while (runEnd < length && ResidentIds.isDigit(text.charAt(runEnd))) {
                runEnd++;
            }
            int end = -1;
            if (runEnd - i == 18) {
                end = runEnd;
            }
            else if (runEnd - i == 17 && runEnd < length && (text.charAt(runEnd) == 'X' || text.charAt(runEnd) == 'x')) {
                end = runEnd + 1;
            }
            if (end > 0 && (end == length || !isAsciiLetterOrDigit(text.charAt(end))) && ResidentIds.isValid(text, i)) {
                if (out == null) {
                    out = new Splice(length);
                }
                out.append(text, copied, i).append(repl);
                copied = end;
                i = end;
                continue;
            }
            i = runEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }

    private static boolean isAsciiLetterOrDigit(char c)
    {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
