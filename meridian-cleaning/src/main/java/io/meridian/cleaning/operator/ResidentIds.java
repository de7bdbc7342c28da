package io.meridian.cleaning.operator;

import java.time.YearMonth;

/**
 * Chinese resident identity numbers (GB 11643-1999): six digits of area code, the birth date as {@code YYYYMMDD},
 * three digits of sequence and a check character computed with ISO 7064 MOD 11-2 ({@code 0}-{@code 9} or {@code X}).
 */
public final class ResidentIds
{
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ResidentIds() {}

    /**
     * The check character for the first 17 digits of {@code text} at {@code start}.
     */
    public static char checkCharacter(CharSequence text, int start)
    {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (text.charAt(start + i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /**
     * Whether the 18 characters at {@code start} are a valid number: 17 ASCII digits, a plausible birth date
     * (years 1800-2099, real month and day) and the right check character ({@code x} counts as {@code X}).
     */
    public static boolean isValid(CharSequence text, int start)
    {
        if (start < 0 || start + 18 > text.length()) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!isDigit(text.charAt(start + i))) {
                return false;
            }
        }
        if (!isPlausibleBirthDate(text, start + 6)) {
            return false;
        }
        char last = Character.toUpperCase(text.charAt(start + 17));
        return last == checkCharacter(text, start);
    }

    private static boolean isPlausibleBirthDate(CharSequence text, int at)
    {
        int year = number(text, at, 4);
        int month = number(text, at + 4, 2);
        int day = number(text, at + 6, 2);
        if (year < 1800 || year > 2099 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= YearMonth.of(year, month).lengthOfMonth();
    }

    private static int number(CharSequence text, int at, int digits)
    {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            value = value * 10 + (text.charAt(at + i) - '0');
        }
        return value;
    }

    static boolean isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }
}
