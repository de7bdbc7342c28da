package io.meridian.server.runtime;

import org.springframework.context.MessageSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a run's timeline: a status transition ({@link Kind#TRANSITION}, with from and to), a fact reported by
 * the executor or the runtime ({@link Kind#NOTE}), or a fault of an instance ({@link Kind#FAULT}).
 * <p>
 * Most messages are the executor's or the runtime's own words and are shown as recorded. Messages the user must act on
 * or understand in their language (a preemption) are recorded as a message key with its arguments ({@link #keyed})
 * and rendered when read ({@link #localized}).
 */
public record RunEvent(long seq, Instant at, Kind kind, RunStatus fromStatus, RunStatus toStatus, String message)
{
    public enum Kind
    {
        TRANSITION, NOTE, FAULT
    }

    // "@runtime.event.x" then the arguments, each after a unit separator: never the start of a recorded free text
    private static final String KEY_PREFIX = "runtime.event.";
    private static final String SEPARATOR = "\u001f";

    public RunEvent
    {
        requireNonNull(at, "at is null");
        requireNonNull(kind, "kind is null");
    }

    /** A message recorded as {@code key} (of the messages bundle, {@code runtime.event.…}) and its arguments. */
    public static String keyed(String key, String... args)
    {
        if (!key.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("not a runtime event key: " + key);
        }
        return Stream.concat(Stream.of("@" + key), Arrays.stream(args).map(arg -> arg.replace(SEPARATOR, " ")))
                .collect(Collectors.joining(SEPARATOR));
    }

    /** This event with a keyed message rendered in {@code locale}; other messages as recorded. */
    public RunEvent localized(MessageSource messages, Locale locale)
    {
        // runs recorded before the runtime existed keyed their messages under training.event.
        if (message == null || !(message.startsWith("@" + KEY_PREFIX) || message.startsWith("@training.event."))) {
            return this;
        }
        String[] parts = message.substring(1).split(SEPARATOR, -1);
        String key = parts[0].replaceFirst("^training\\.event\\.", KEY_PREFIX);
        Object[] args = Arrays.copyOfRange(parts, 1, parts.length);
        return new RunEvent(seq, at, kind, fromStatus, toStatus, messages.getMessage(key, args, key, locale));
    }
}
