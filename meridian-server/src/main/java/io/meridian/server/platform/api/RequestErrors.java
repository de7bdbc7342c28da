package io.meridian.server.platform.api;

/** The problem code for a refusal that has only a status: Tomcat's own errors and Spring's without a handler. */
public final class RequestErrors
{
    private RequestErrors() {}

    public static String code(int status)
    {
        return switch (status) {
            case 400 -> "request.malformed";
            case 401 -> "auth.required";
            case 403 -> "forbidden";
            case 404 -> "not-found.path";
            case 405 -> "request.method";
            case 406 -> "request.not-acceptable";
            case 408 -> "request.timeout";
            case 413 -> "request.too-large";
            case 414 -> "request.uri-too-long";
            case 415 -> "request.media-type";
            case 431 -> "request.headers-too-large";
            default -> status >= 500 ? "internal" : "request.refused";
        };
    }
}
