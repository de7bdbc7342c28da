package io.meridian.cli.http;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The one way commands talk to the server: JSON over {@link HttpClient}, authenticated by a session token or an
 * access-key signature, in the configured language. Every refusal becomes an {@link ApiProblem} and every transport
 * failure a {@link CliException} that says what to check, so commands only deal with successful answers.
 */
public final class ApiClient
{
    public static final String API_PREFIX = "/api/v1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    // An upload (a code package of up to 400 MB) may take long on a slow link; the server answers once it has it all.
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // One client per process: it owns a connection pool and a selector thread.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String server;
    private final Authentication authentication;
    private final String language;
    private final Clock clock;

    public ApiClient(String server, Authentication authentication, String language, Clock clock)
    {
        this.server = ServerAddress.normalize(server);
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.language = requireNonNull(language, "language is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** How requests prove who sends them. */
    public sealed interface Authentication
    {
        Optional<String> header(String method, String pathWithQuery, long epochSeconds, byte[] body);
    }

    /** For {@code POST /auth/login}, the one call made before there are credentials. */
    public record Anonymous()
            implements Authentication
    {
        @Override
        public Optional<String> header(String method, String pathWithQuery, long epochSeconds, byte[] body)
        {
            return Optional.empty();
        }
    }

    public record BearerToken(String token)
            implements Authentication
    {
        public BearerToken
        {
            requireNonNull(token, "token is null");
        }

        @Override
        public Optional<String> header(String method, String pathWithQuery, long epochSeconds, byte[] body)
        {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString()
        {
            return "BearerToken[***]";
        }
    }

    public record AccessKey(String accessKey, String secretKey)
            implements Authentication
    {
        public AccessKey
        {
            requireNonNull(accessKey, "accessKey is null");
            requireNonNull(secretKey, "secretKey is null");
        }

        @Override
        public Optional<String> header(String method, String pathWithQuery, long epochSeconds, byte[] body)
        {
            return Optional.of(new RequestSigner(accessKey, secretKey).authorization(method, pathWithQuery, epochSeconds, RequestSigner.newNonce(), body));
        }

        @Override
        public String toString()
        {
            return "AccessKey[" + accessKey + ", ***]";
        }
    }

    public String server()
    {
        return server;
    }

    public String language()
    {
        return language;
    }

    public JsonNode get(String path)
    {
        return send("GET", path, Query.empty(), null);
    }

    public JsonNode get(String path, Query query)
    {
        return send("GET", path, query, null);
    }

    public JsonNode post(String path, Object body)
    {
        return send("POST", path, Query.empty(), body);
    }

    public JsonNode put(String path, Object body)
    {
        return send("PUT", path, Query.empty(), body);
    }

    public JsonNode delete(String path)
    {
        return send("DELETE", path, Query.empty(), null);
    }

    /**
     * Sends one request to {@code path} (below {@link #API_PREFIX}, with a leading slash; path segments already encoded
     * with {@link #segment}) and answers the JSON body, or a JSON null when there is none.
     */
    public JsonNode send(String method, String path, Query query, Object body)
    {
        HttpRequest request = request(method, path, query, body, "application/json").timeout(REQUEST_TIMEOUT).build();
        return answer(exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /**
     * {@code POST}s {@code bytes} as the raw request body with the given content type, such as a code package's zip
     * ({@code POST /code-packages?name=}), and answers the JSON body. The timeout is long enough for a large archive.
     */
    public JsonNode upload(String path, Query query, byte[] bytes, String contentType)
    {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(contentType, "contentType is null");
        HttpRequest request = request("POST", path, query, bytes, contentType).timeout(UPLOAD_TIMEOUT).build();
        return answer(exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private JsonNode answer(HttpResponse<String> response)
    {
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), response.body());
        }
        return parse(response.body());
    }

    /**
     * A {@code GET} whose answer is read line by line as it arrives, such as followed logs: there is no overall
     * timeout, because the server may keep the answer open for as long as the user watches. Returns when the server
     * ends the answer; a refusal is an {@link ApiProblem} as for {@link #send}.
     */
    public void streamLines(String path, Query query, Consumer<String> lines)
    {
        requireNonNull(lines, "lines is null");
        HttpResponse<Stream<String>> response = exchange(request("GET", path, query, null, null).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw problem(response.statusCode(), String.join("\n", body.toList()));
            }
            body.forEach(lines);
        }
        catch (UncheckedIOException e) {
            throw CliException.failure("the connection to " + server + " broke: " + reason(e, "I/O error"));
        }
    }

    private HttpRequest.Builder request(String method, String path, Query query, Object body, String contentType)
    {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(query, "query is null");
        URI uri = URI.create(server + API_PREFIX + path + (query.isEmpty() ? "" : "?" + query.encoded()));
        byte[] bytes = body == null ? new byte[0] : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
        // Signed exactly as sent, percent-encoding included, because that is what the server sees.
        String pathWithQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());

        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", language)
                .header("User-Agent", "meridian-cli");
        authentication.header(method, pathWithQuery, clock.instant().getEpochSecond(), bytes)
                .ifPresent(value -> request.header("Authorization", value));
        if (body != null) {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request;
    }

    /** One path segment, such as an ID typed by the user, encoded so it cannot change the path. */
    public static String segment(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
    {
        try {
            return HTTP.send(request, handler);
        }
        catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " seconds");
        }
        catch (HttpTimeoutException e) {
            throw CliException.failure("the Meridian server at " + server + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " seconds");
        }
        catch (ConnectException e) {
            throw unreachable(reason(e, "connection refused"));
        }
        catch (IOException e) {
            throw unreachable(reason(e, e.getClass().getSimpleName()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
    }

    // The JDK's connect failures often carry no message; the cause says more (an unknown host, for example).
    private static String reason(Throwable failure, String fallback)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return fallback;
    }

    private CliException unreachable(String reason)
    {
        return new CliException(ExitCode.FAILURE, "cannot reach the Meridian server at " + server + " (" + reason + ")",
                List.of("check the address (meridian config shows it) and that the server is running"));
    }

    private JsonNode parse(String body)
    {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        }
        catch (JacksonException e) {
            throw CliException.failure("the server at " + server + " did not answer with JSON; is it a Meridian server?");
        }
    }

    private ApiProblem problem(int status, String body)
    {
        JsonNode json = problemJson(body);
        List<String> hints = new ArrayList<>();
        if (status == 401 && !(authentication instanceof Anonymous)) {
            hints.add("your login is no longer valid; run meridian login first");
        }
        if (json == null || !json.isObject()) {
            String snippet = body == null ? "" : body.strip().lines().findFirst().orElse("");
            String detail = "the server answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + abbreviate(snippet, 200));
            return new ApiProblem(status, "http." + status, detail, List.of(), hints);
        }
        String code = text(json, "code").orElse("http." + status);
        String detail = text(json, "detail").or(() -> text(json, "title")).orElse("the server answered HTTP " + status);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            errors.add(new ApiProblem.FieldError(text(error, "field").orElse(""), text(error, "code").orElse(""), text(error, "message").orElse("")));
        }
        return new ApiProblem(status, code, detail, errors, hints);
    }

    // Null when the body is not JSON: a proxy's error page, for example, which gets a generic message instead.
    private static JsonNode problemJson(String body)
    {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        }
        catch (JacksonException e) {
            return null;
        }
    }

    private static Optional<String> text(JsonNode json, String field)
    {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? Optional.empty() : Optional.of(value.asString()).filter(text -> !text.isBlank());
    }

    private static String abbreviate(String text, int length)
    {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
