package io.meridian.server.platform.i18n;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The language of this installation ({@code MERIDIAN_LANGUAGE}: {@code zh-CN} or {@code en}; unset, the system's: Chinese
 * where the system's language is Chinese, English otherwise), in which what the server creates without a request is
 * written once: the first tenant's, region's, cluster's and default workspace's and queue's descriptions. What a
 * person reads later in a request is rendered in that request's language instead.
 */
@Component
public class InstallationLanguage
{
    private final Locale locale;
    private final MessageSource messages;

    public InstallationLanguage(@Value("${meridian.language:}") String language, MessageSource messages)
    {
        this.locale = parse(language);
        this.messages = requireNonNull(messages, "messages is null");
    }

    static Locale parse(String language)
    {
        String chosen = language == null || language.isBlank() ? Locale.getDefault().toLanguageTag() : language.trim();
        return chosen.toLowerCase(Locale.ROOT).startsWith("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    public Locale locale()
    {
        return locale;
    }

    /** The message {@code key} of the bundles in this installation's language. */
    public String text(String key, Object... args)
    {
        return messages.getMessage(key, args, locale);
    }
}
