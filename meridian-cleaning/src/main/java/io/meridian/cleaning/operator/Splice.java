package io.meridian.cleaning.operator;

/**
 * A mapper's result built from runs of its input and replacements. Runs are copied with {@link String#getChars}
 * into one char array: {@code StringBuilder.append(CharSequence, int, int)} copies Chinese (UTF-16) text a char at
 * a time, and a builder that starts Latin-1 is widened when the first Chinese run arrives.
 */
final class Splice
{
    private char[] chars;
    private int length;

    Splice(int capacity)
    {
        chars = new char[Math.max(16, capacity)];
    }

    Splice append(String text, int from, int to)
    {
        ensure(to - from);
        text.getChars(from, to, chars, length);
        length += to - from;
        return this;
    }

    Splice append(String text)
    {
        return append(text, 0, text.length());
    }

    private void ensure(int more)
    {
        if (length + more > chars.length) {
            char[] larger = new char[Math.max(length + more, chars.length * 2)];
            System.arraycopy(chars, 0, larger, 0, length);
            chars = larger;
        }
    }

    @Override
    public String toString()
    {
        return new String(chars, 0, length);
    }
}
