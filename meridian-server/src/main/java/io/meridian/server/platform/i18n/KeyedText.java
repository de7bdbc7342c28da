package io.meridian.server.platform.i18n;

import org.springframework.context.MessageSource;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Text that is stored once and read in many languages: a message key of the bundle and its arguments, written as
 * {@code @key<US>arg<US>arg} ({@code US} the unit separator, which no recorded free text starts with) and rendered in the
 * reader's language when read. An argument may itself be keyed text (one level deep: its parts are then separated by
 * the record separator). Text that is not keyed (rows written before a message was keyed, a program's own output) is
 * shown as recorded, so old rows still render.
 */
public final class KeyedText
{
    // "<feature>.event.…", "<feature>.note.…": keys made for stored text, never a problem's key
    private static final Pattern KEY = Pattern.compile("[a-z]+\\.(event|note|first-start)\\.[a-z0-9.-]+");
    private static final String SEPARATOR = "\u001f";
    private static final String NESTED_SEPARATOR = "\u001e";

    private KeyedText() {}

    /** {@code key} and its arguments as stored text; an argument made by this method is kept as nested keyed text. */
    public static String keyed(String key, Object... args)
    {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a key for stored text: " + key);
        }
        return Stream.concat(Stream.of("@" + key), Arrays.stream(args).map(KeyedText::argument)).collect(Collectors.joining(SEPARATOR));
    }

    /** The key of stored text, if it is keyed: the code scripts read. */
    public static Optional<String> code(String text)
    {
        return parts(text, SEPARATOR).map(parts -> parts[0]);
    }

    /** Stored text in {@code locale}: keyed text rendered, anything else as recorded. */
    public static String render(MessageSource messages, Locale locale, String text)
    {
        return render(messages, locale, text, SEPARATOR);
    }

    private static String render(MessageSource messages, Locale locale, String text, String separator)
    {
        return parts(text, separator).map(parts -> {
            Object[] args = Arrays.stream(parts, 1, parts.length).map(arg -> render(messages, locale, arg, NESTED_SEPARATOR)).toArray();
            return messages.getMessage(parts[0], args, parts[0], locale);
        }).orElse(text);
    }

    private static Optional<String[]> parts(String text, String separator)
    {
        if (text == null || !text.startsWith("@")) {
            return Optional.empty();
        }
        String[] parts = text.substring(1).split(separator, -1);
        if (!KEY.matcher(parts[0]).matches()) {
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    private static String argument(Object arg)
    {
        String text = String.valueOf(arg);
        if (parts(text, SEPARATOR).isPresent()) {
            // nested: its own parts move to the nested separator; deeper nesting is flattened into text
            return text.replace(NESTED_SEPARATOR, " ").replace(SEPARATOR, NESTED_SEPARATOR);
        }
        return text.replace(SEPARATOR, " ").replace(NESTED_SEPARATOR, " ");
    }
}
