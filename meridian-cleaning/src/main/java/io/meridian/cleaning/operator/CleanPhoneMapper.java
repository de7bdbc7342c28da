package io.meridian.cleaning.operator;

import static java.util.Objects.requireNonNull;

/**
 * {@code clean_phone_mapper}: replaces mainland China mobile numbers with {@code repl} (empty by default). Meridian's
 * own operator (Data-Juicer has none). A number is {@code 1[3-9]} and nine more digits, written solid
 * ({@code 13800138000}) or grouped 3-4-4 by single spaces or hyphens ({@code 138-0013-8000}), optionally after a
 * country code {@code +86}, {@code 0086} or {@code 86} (itself optionally followed by a space or hyphen). It must not
 * touch other digits on either side, so a longer digit run (an identity or card number) is never cut.
 */
public final class CleanPhoneMapper
        implements TextMapper
{
    private final String repl;

    public CleanPhoneMapper(String repl)
    {
        this.repl = requireNonNull(repl, "repl is null");
    }

    public CleanPhoneMapper()
    {
        this("");
    }

    @Override
    public String name()
    {
        return "clean_phone_mapper";
    }

    @Override
    public String apply(String text)
    {
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean startsNumber = (c == '+' || ResidentIds.isDigit(c)) && (i == 0 || !ResidentIds.isDigit(text.charAt(i - 1)));
            if (!startsNumber) {
                i++;
                continue;
            }
            int end = matchAt(text, i);
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
     * The end of a mobile number starting at {@code start}, or -1.
     */
    static int matchAt(String text, int start)
    {
        int afterPrefix = countryCodeEnd(text, start);
        if (afterPrefix > start) {
            int end = numberEnd(text, afterPrefix);
            if (end > 0) {
                return end;
            }
        }
        return text.charAt(start) == '+' ? -1 : numberEnd(text, start);
    }

    private static int countryCodeEnd(String text, int at)
    {
        int i = at;
        if (text.startsWith("+86", i)) {
            i += 3;
        }
        else if (text.startsWith("0086", i)) {
            i += 4;
        }
        else if (text.startsWith("86", i)) {
            i += 2;
        }
        else {
            return at;
        }
        if (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '-')) {
            i++;
        }
        return i;
    }

    /**
     * The end of {@code 1[3-9]d d{8}} at {@code at}, solid or grouped 3-4-4 with one consistent separator, not
     * followed by a digit; or -1.
     */
    private static int numberEnd(String text, int at)
    {
        int length = text.length();
        if (at + 11 > length || text.charAt(at) != '1' || text.charAt(at + 1) < '3' || text.charAt(at + 1) > '9') {
            return -1;
        }
        int i = at + 2;
        if (!ResidentIds.isDigit(text.charAt(i))) {
            return -1;
        }
        i++;
        char separator = text.charAt(i);
        boolean grouped = separator == ' ' || separator == '-';
        if (grouped) {
            if (!digits(text, i + 1, 4) || i + 5 >= length || text.charAt(i + 5) != separator || !digits(text, i + 6, 4)) {
                return -1;
            }
            i += 10;
        }
        else {
            if (!digits(text, i, 8)) {
                return -1;
            }
            i += 8;
        }
        if (i < length && ResidentIds.isDigit(text.charAt(i))) {
            return -1;
        }
        return i;
    }

    private static boolean digits(String text, int at, int count)
    {
        if (at + count > text.length()) {
            return false;
        }
        for (int i = at; i < at + count; i++) {
            if (!ResidentIds.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
