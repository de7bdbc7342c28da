package io.meridian.server.platform.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * RFC 9457 problem details with a stable code and messages in the caller's language: the one shape of every refusal,
 * whether a controller, a servlet filter or the error page writes it.
 */
@Component
public class Problems
{
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageSource messages;
    private final LocaleResolver locales;

    public Problems(MessageSource messages, LocaleResolver locales)
    {
        this.messages = requireNonNull(messages, "messages is null");
        this.locales = requireNonNull(locales, "locales is null");
    }

    public Map<String, Object> body(HttpStatus status, String code, List<Object> args, List<FieldViolation> violations, String instance, Locale locale)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create("urn:meridian:problem:" + code).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("code", code);
        body.put("detail", message(code, args, locale));
        body.put("instance", instance);
        body.put("errors", violations.stream()
                .map(violation -> Map.of(
                        "field", violation.field(),
                        "code", violation.code(),
                        "message", message(violation.code(), violation.args(), locale)))
                .toList());
        return body;
    }

    /** Writes a problem outside Spring MVC (filters, the error page); does nothing once the response is committed. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, List<Object> args)
            throws IOException
    {
        if (response.isCommitted()) {
            return;
        }
        Locale locale = locales.resolveLocale(request);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body(status, code, args, List.of(), request.getRequestURI(), locale)));
        response.flushBuffer();
    }

    private String message(String code, List<Object> args, Locale locale)
    {
        return messages.getMessage(code, args.toArray(), code, locale);
    }
}
