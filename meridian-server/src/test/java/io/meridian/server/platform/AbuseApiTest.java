package io.meridian.server.platform;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and careless requests: every refusal is a 4xx with problem+json and a specific code, never a 500, never
 * Tomcat's HTML, and a refused request changes nothing.
 */
class AbuseApiTest
        extends ApiTestSupport
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyListEndpointAnswersTheLastIntPageWithAnEmptyPageOrA400()
    {
        Set<String> lists = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
            if ((methods.isEmpty() || methods.contains(RequestMethod.GET)) && takesPage(mapping.getValue())) {
                for (String pattern : mapping.getKey().getPatternValues()) {
                    if (pattern.startsWith("/api/v1/")) {
                        // path variables of objects that do not exist: the answer must still not be a 500
                        lists.add(pattern.replaceAll("\\{[^}]+}", "unknown"));
                    }
                }
            }
        }
        assertThat(lists).as("list endpoints found").hasSizeGreaterThan(20).contains("/api/v1/users", "/api/v1/training-tasks", "/api/v1/audit-events");

        List<String> failures = new ArrayList<>();
        for (String list : lists) {
            ApiClient.Response response = admin.get(list + "?page=2147483647&size=200");
            boolean emptyPage = response.status() == 200 && response.json().path("items").isEmpty();
            boolean refused = response.status() == 400 || response.status() == 404;
            if (!(emptyPage || refused) || (refused && !response.json().path("code").isString())) {
                failures.add(list + " -> " + response);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void anAuthorizationHeaderOf100KbIsAProblemNotAnHtmlPage()
            throws IOException
    {
        RawResponse response = raw("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + "x".repeat(100 * 1024) + "\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isIn(400, 431);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asString()).isIn("request.malformed", "request.headers-too-large");
    }

    @Test
    void aMalformedUriIsAProblemNotAnHtmlPage()
            throws IOException
    {
        RawResponse response = raw("GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("request.malformed");
    }

    @Test
    void unknownPathsWrongMethodsAndUnacceptableTypesHaveTheirOwnCodes()
            throws Exception
    {
        assertProblem(send("GET", "/api/v1/no-such-thing", null, null, "application/json"), 404, "not-found.path");
        assertProblem(send("DELETE", "/api/v1/me", null, null, "application/json"), 405, "request.method");
        assertProblem(send("GET", "/api/v1/me", null, null, "image/png"), 406, "request.not-acceptable");
        assertProblem(send("POST", "/api/v1/user-groups", "name=x", "text/plain", "application/json"), 415, "request.media-type");
    }

    @Test
    void brokenJsonBodiesNameWhatIsWrong()
            throws Exception
    {
        assertProblem(send("POST", "/api/v1/user-groups", "{\"name\": ", "application/json", "application/json"), 400, "request.unreadable");
        assertProblem(send("POST", "/api/v1/user-groups", null, "application/json", "application/json"), 400, "request.body-missing");

        HttpResponse<String> wrongType = send("POST", "/api/v1/user-groups", "{\"name\": {\"nested\": 1}}", "application/json", "application/json");
        assertProblem(wrongType, 400, "validation.failed");
        assertThat(errors(wrongType)).containsExactly("name:validation.type");

        String tenantId = admin.get("/api/v1/me").text("tenantId");
        HttpResponse<String> unknownEnum = send("PUT", "/api/v1/tenants/" + tenantId + "/features", "{\"features\": [\"NO_SUCH_FEATURE\"]}", "application/json",
                "application/json");
        assertProblem(unknownEnum, 400, "validation.failed");
        assertThat(errors(unknownEnum)).containsExactly("features[0]:validation.enum");
    }

    @Test
    void aJsonBodyOverOneMebibyteIs413AndChangesNothing()
            throws Exception
    {
        String name = unique("big");
        String huge = JSON.writeValueAsString(body("name", name, "padding", "x".repeat(2 * 1024 * 1024)));

        HttpResponse<String> refused = send("POST", "/api/v1/user-groups", huge, "application/json", "application/json");

        assertProblem(refused, 413, "request.too-large");
        assertThat(admin.get("/api/v1/user-groups?q=" + name).json().path("total").asLong()).isZero();
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIsRefusedToo()
            throws Exception
    {
        String name = unique("chunk");
        byte[] huge = JSON.writeValueAsBytes(body("name", name, "padding", "x".repeat(2 * 1024 * 1024)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin.baseUrl() + "/api/v1/user-groups"))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "application/json")
                // a publisher of unknown length: sent chunked, with no Content-Length to refuse up front
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build();

        HttpResponse<String> refused = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertProblem(refused, 413, "request.too-large");
        assertThat(admin.get("/api/v1/user-groups?q=" + name).json().path("total").asLong()).isZero();
    }

    @Test
    void controlCharactersUnpairedSurrogatesAndBidiOverridesAreRefusedInAnyTextField()
            throws Exception
    {
        for (String hostile : List.of("a\\u0000b", "a\\ud800b", "evil\\u202Etxt.exe", "a\\u2066b", "bell\\u0007")) {
            String name = unique("txt");
            HttpResponse<String> refused = send("POST", "/api/v1/user-groups", "{\"name\": \"" + name + "\", \"description\": \"" + hostile + "\"}",
                    "application/json", "application/json");

            assertProblem(refused, 400, "validation.failed");
            assertThat(errors(refused)).as(hostile).containsExactly("description:validation.text.unsafe");
            assertThat(admin.get("/api/v1/user-groups?q=" + name).json().path("total").asLong()).isZero();
        }
        ApiClient.Response fine = admin.post("/api/v1/user-groups", body("name", unique("txt"), "description", "第一行\n\tsecond line, émoji 🚀"));
        assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
    }

    @Test
    void anUploadWithTheFormContentTypeIs415()
            throws Exception
    {
        HttpResponse<String> refused = send("POST", "/api/v1/code-packages?name=" + unique("form"), "a=b", "application/x-www-form-urlencoded", "application/json");

        assertProblem(refused, 415, "training.code-package.media-type");
    }

    private static boolean takesPage(HandlerMethod method)
    {
        return Arrays.stream(method.getMethodParameters()).anyMatch(parameter -> "page".equals(name(parameter)));
    }

    private static String name(MethodParameter parameter)
    {
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return parameter.getParameterName();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }

    private static List<String> errors(HttpResponse<String> response)
    {
        List<String> errors = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach(error -> errors.add(error.path("field").asString() + ":" + error.path("code").asString()));
        return errors;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String accept)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin.baseUrl() + path))
                .header("Authorization", "Bearer " + admin.token())
                .header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record RawResponse(int status, String contentType, String body) {}

    /** What no well-behaved client library would send, written to the socket as is. */
    private RawResponse raw(String request)
            throws IOException
    {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            String contentType = head.lines().filter(line -> line.toLowerCase().startsWith("content-type:")).map(line -> line.substring(13).trim()).findFirst().orElse("");
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new RawResponse(status, contentType, body);
        }
    }

    private static String unchunk(String chunked)
    {
        StringBuilder body = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", position);
            int size = Integer.parseInt(chunked.substring(position, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
