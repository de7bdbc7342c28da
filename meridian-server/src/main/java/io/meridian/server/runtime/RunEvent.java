package io.meridian.server.runtime;

import io.meridian.server.platform.i18n.KeyedText;
import org.springframework.context.MessageSource;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a run's timeline: a status transition ({@link Kind#TRANSITION}, with from and to), a fact reported by
 * the executor or the runtime ({@link Kind#NOTE}), or a fault of an instance ({@link Kind#FAULT}).
 * <p>
 * Messages are recorded as a message key with its arguments ({@link #keyed}, {@link KeyedText}) and rendered in the
 * reader's language when read ({@link #text}); their key stays available to scripts ({@link #code}). A program's own
 * output and rows recorded before a message was keyed are shown as recorded.
 */
public record RunEvent(long seq, Instant at, Kind kind, RunStatus fromStatus, RunStatus toStatus, String message)
{
    public enum Kind
    {
        TRANSITION, NOTE, FAULT
    }

    private static final String KEY_PREFIX = "runtime.event.";
    // runs recorded before the runtime existed keyed their messages under training.event.
    private static final String OLD_PREFIX = "@training.event.";

    public RunEvent
    {
        requireNonNull(at, "at is null");
        requireNonNull(kind, "kind is null");
    }

    /** A message recorded as {@code key} (of the messages bundle, {@code runtime.event.…}) and its arguments. */
    public static String keyed(String key, Object... args)
    {
        if (!key.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("not a runtime event key: " + key);
        }
        return KeyedText.keyed(key, args);
    }

    /** The message's key, for scripts: {@code runtime.event.admitted}; empty for a message shown as recorded. */
    public Optional<String> code()
    {
        return KeyedText.code(current(message));
    }

    /** The message in {@code locale}. */
    public String text(MessageSource messages, Locale locale)
    {
        return KeyedText.render(messages, locale, current(message));
    }

    /** This event with its message rendered in {@code locale}. */
    public RunEvent localized(MessageSource messages, Locale locale)
    {
        return new RunEvent(seq, at, kind, fromStatus, toStatus, text(messages, locale));
    }

    private static String current(String message)
    {
        if (message != null && message.startsWith(OLD_PREFIX)) {
            return "@" + KEY_PREFIX + message.substring(OLD_PREFIX.length());
        }
        return message;
    }
}
