package io.meridian.server.platform.i18n;

import org.springframework.context.MessageSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Text that is stored once and read in many languages: a message key of the bundle and its arguments, written as
 * {@code @key<US>arg<US>arg} ({@code US} the unit separator, which no recorded free text starts with) and rendered in the
 * reader's language when read. An argument may itself be keyed text, down to four levels (a run's status reason names
 * the scheduler's reason, which names a resource): each level separates its parts with the next of the ASCII unit,
 * record, group and file separators, so what was stored with one or two levels reads as before. Text that is not keyed
 * (rows written before a message was keyed, a program's own output) is shown as recorded, so old rows still render.
 */
public final class KeyedText
{
    // "<feature>.event.…", "<feature>.note.…", the scheduler's "<feature>.reason.…" and what they name: keys made for
    // stored text, never a problem's key
    private static final Pattern KEY = Pattern.compile("[a-z]+\\.(event|note|first-start|reason|resource|fit)\\.[a-z0-9.-]+");
    // level n separates its parts with SEPARATORS[n]: unit, record, group and file separator
    private static final List<String> SEPARATORS = List.of("\u001f", "\u001e", "\u001d", "\u001c");

    private KeyedText() {}

    /** {@code key} and its arguments as stored text; an argument made by this method is kept as nested keyed text. */
    public static String keyed(String key, Object... args)
    {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a key for stored text: " + key);
        }
        return Stream.concat(Stream.of("@" + key), Arrays.stream(args).map(KeyedText::argument)).collect(Collectors.joining(SEPARATORS.get(0)));
    }

    /** The key of stored text, if it is keyed: the code scripts read. */
    public static Optional<String> code(String text)
    {
        return parts(text, 0).map(parts -> parts[0]);
    }

    /** Stored text in {@code locale}: keyed text rendered, anything else as recorded. */
    public static String render(MessageSource messages, Locale locale, String text)
    {
        return render(messages, locale, text, 0);
    }

    private static String render(MessageSource messages, Locale locale, String text, int level)
    {
        return parts(text, level).map(parts -> {
            Object[] args = Arrays.stream(parts, 1, parts.length).map(arg -> render(messages, locale, arg, level + 1)).toArray();
            return messages.getMessage(parts[0], args, parts[0], locale);
        }).orElse(text);
    }

    private static Optional<String[]> parts(String text, int level)
    {
        if (text == null || !text.startsWith("@") || level >= SEPARATORS.size()) {
            return Optional.empty();
        }
        String[] parts = text.substring(1).split(SEPARATORS.get(level), -1);
        if (!KEY.matcher(parts[0]).matches()) {
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    private static String argument(Object arg)
    {
        String text = String.valueOf(arg);
        int last = SEPARATORS.size() - 1;
        if (parts(text, 0).isPresent()) {
            // nested: every level moves one separator down; what was at the deepest level already is flattened into text
            String nested = text.replace(SEPARATORS.get(last), " ");
            for (int level = last - 1; level >= 0; level--) {
                nested = nested.replace(SEPARATORS.get(level), SEPARATORS.get(level + 1));
            }
            return nested;
        }
        for (String separator : SEPARATORS) {
            text = text.replace(separator, " ");
        }
        return text;
    }
}
