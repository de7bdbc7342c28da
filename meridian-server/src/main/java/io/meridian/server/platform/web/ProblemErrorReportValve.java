package io.meridian.server.platform.web;

import io.meridian.server.platform.api.RequestErrors;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Tomcat's own error report, for what Tomcat refuses before any servlet runs (headers too large, a malformed URI or
 * request line): problem+json like every other refusal instead of an HTML page. Tomcat creates it by class name,
 * without Spring, so the detail comes from the platform message bundle directly; the request's headers may be the
 * very thing that could not be read, so the language is taken only when they were.
 */
public final class ProblemErrorReportValve
        extends ErrorReportValve
{
    @Override
    protected void report(Request request, Response response, Throwable throwable)
    {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = RequestErrors.code(status);
        String body = "{\"type\":\"urn:meridian:problem:" + code + "\",\"title\":" + quote(reason(status)) + ",\"status\":" + status
                + ",\"code\":\"" + code + "\",\"detail\":" + quote(detail(code, locale(request))) + ",\"errors\":[]}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }

    private static Locale locale(Request request)
    {
        try {
            String language = request.getHeader("Accept-Language");
            return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        }
        catch (RuntimeException e) {
            return Locale.ENGLISH;
        }
    }

    private static String detail(String code, Locale locale)
    {
        try {
            String message = ResourceBundle.getBundle("messages/platform", locale).getString(code);
            // the bundle's MessageFormat quoting and arguments: none of Tomcat's errors has arguments to fill in
            return message.replace("''", "'").replaceAll("\\{\\d+}", "").replaceAll("\\s+([.。])", "$1");
        }
        catch (MissingResourceException e) {
            return code;
        }
    }

    private static String reason(int status)
    {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static String quote(String text)
    {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                    else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
