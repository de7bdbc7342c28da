package io.meridian.server.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A small real HTTP client for API tests: JSON in, status and JSON out, as a caller of the API would see them. */
public final class ApiClient
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String token;
    private final String language;

    public ApiClient(String baseUrl, String token, String language)
    {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.token = token;
        this.language = requireNonNull(language, "language is null");
    }

    public ApiClient withToken(String token)
    {
        return new ApiClient(baseUrl, token, language);
    }

    public ApiClient inLanguage(String language)
    {
        return new ApiClient(baseUrl, token, language);
    }

    public String baseUrl()
    {
        return baseUrl;
    }

    public String token()
    {
        return token;
    }

    public String language()
    {
        return language;
    }

    public Response get(String path)
    {
        return send("GET", path, null);
    }

    public Response post(String path, Object body)
    {
        return send("POST", path, body);
    }

    public Response put(String path, Object body)
    {
        return send("PUT", path, body);
    }

    public Response delete(String path)
    {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, Object body)
    {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Accept-Language", language)
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
            }
            else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(false);
            JsonNode json = isJson && !response.body().isBlank() ? JSON.readTree(response.body()) : JSON.nullNode();
            return new Response(response.statusCode(), json, response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> body(Object... keysAndValues)
    {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A response: status code and parsed JSON body. */
    public record Response(int status, JsonNode json, String raw)
    {
        public String text(String field)
        {
            return json.path(field).asString();
        }

        /** The codes of the field errors of a problem answer, as "field:code". */
        public java.util.List<String> fieldErrors()
        {
            java.util.List<String> errors = new java.util.ArrayList<>();
            json.path("errors").forEach(error -> errors.add(error.path("field").asString() + ":" + error.path("code").asString()));
            return errors;
        }

        @Override
        public String toString()
        {
            return status + " " + raw;
        }
    }
}
