package io.meridian.server.platform.api;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for text a user sends (names, descriptions, every string of a JSON body): no characters that hide or
 * disguise what is shown. Refused: C0 and C1 control characters except tab, line feed and carriage return (NUL cuts
 * strings short in C and in logs), unpaired UTF-16 surrogates (not text at all; they break UTF-8 encoders), and the
 * bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C: "Trojan Source", a file name that
 * reads backwards). Refusing rather than stripping keeps what is stored exactly what was sent.
 */
public final class SafeText
{
    public static final String CODE = "validation.text.unsafe";

    private SafeText() {}

    /** The first refused character: its {@code U+XXXX} and its 1-based position in code points. */
    public record Unsafe(String codePoint, int position) {}

    public static Optional<Unsafe> firstUnsafe(String value)
    {
        if (value == null) {
            return Optional.empty();
        }
        int position = 0;
        for (int i = 0; i < value.length(); ) {
            position++;
            char c = value.charAt(i);
            int codePoint;
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                codePoint = value.codePointAt(i);
            }
            else if (Character.isSurrogate(c)) {
                return Optional.of(unsafe(c, position));
            }
            else {
                codePoint = c;
            }
            if (refused(codePoint)) {
                return Optional.of(unsafe(codePoint, position));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    private static boolean refused(int c)
    {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    private static Unsafe unsafe(int codePoint, int position)
    {
        return new Unsafe(String.format(Locale.ROOT, "U+%04X", codePoint), position);
    }

    /** Thrown while a JSON body is read, so that the answer names the field by its JSON path. */
    public static final class UnsafeTextException
            extends MismatchedInputException
    {
        private final Unsafe unsafe;

        public UnsafeTextException(JsonParser parser, Unsafe unsafe)
        {
            super(parser, "unsafe character " + unsafe.codePoint() + " at position " + unsafe.position(), String.class);
            this.unsafe = unsafe;
        }

        public List<Object> violationArgs()
        {
            return List.of(unsafe.codePoint(), unsafe.position());
        }
    }
}
