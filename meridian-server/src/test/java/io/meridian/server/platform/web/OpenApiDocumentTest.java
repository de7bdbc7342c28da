package io.meridian.server.platform.web;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document that Swagger UI shows: titled, grouped by feature, every operation summarised, both ways to authenticate declared. */
class OpenApiDocumentTest
        extends ApiTestSupport
{
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void theDocumentIsTitledGroupedByFeatureAndEveryOperationSummarised()
    {
        ApiClient.Response response = anonymous.get("/api/docs");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode document = response.json();

        assertThat(document.path("info").path("title").asString()).isEqualTo("Meridian API");
        assertThat(document.path("info").path("description").asString()).contains("POST /api/v1/auth/login", "Authorize");

        List<String> tags = document.path("tags").valueStream().map(tag -> tag.path("name").asString()).toList();
        assertThat(tags).contains("IAM", "Workspaces", "Resources", "Queues and resource quotas", "Training", "Jobs", "Datasets", "Scheduling", "Audit", "Overview")
                .noneMatch(tag -> tag.endsWith("-controller"));
        assertThat(document.path("tags").valueStream().map(tag -> tag.path("description").asString())).allMatch(description -> !description.isBlank());

        Map<String, String> summaries = new TreeMap<>();
        List<String> unsummarised = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(method -> METHODS.contains(method.getKey()))
                .forEach(method -> {
                    String operation = method.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode details = method.getValue();
                    String summary = details.path("summary").asString("");
                    if (summary.isBlank()) {
                        unsummarised.add(operation);
                    }
                    summaries.put(operation, summary);
                    assertThat(details.path("tags").valueStream().map(JsonNode::asString).toList()).as(operation).singleElement().isIn(tags);
                }));
        assertThat(summaries).hasSizeGreaterThan(100);
        assertThat(unsummarised).as("operations without a summary").isEmpty();
        assertThat(summaries).containsEntry("GET /api/v1/training-tasks", "List training tasks")
                .containsEntry("POST /api/v1/nodes/{id}/cordon", "Cordon a node")
                .containsEntry("POST /api/v1/auth/login", "Sign in: exchange a user name and password for a session token");
        // the whole list, for a reader of the test's output
        summaries.forEach((operation, summary) -> System.out.println("openapi: " + operation + " — " + summary));
    }

    @Test
    void bearerAndAccessKeySchemesAreDeclaredSoThatTryItOutWorksAfterAuthorize()
    {
        JsonNode document = anonymous.get("/api/docs").json();
        JsonNode schemes = document.path("components").path("securitySchemes");

        assertThat(schemes.path("bearer").path("type").asString()).isEqualTo("http");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path("accessKey").path("type").asString()).isEqualTo("apiKey");
        assertThat(schemes.path("accessKey").path("in").asString()).isEqualTo("header");
        assertThat(schemes.path("accessKey").path("name").asString()).isEqualTo("Authorization");
        assertThat(schemes.path("accessKey").path("description").asString()).contains("MERIDIAN-HMAC-SHA256");
        assertThat(document.path("security").valueStream().flatMap(requirement -> requirement.propertyNames().stream()).toList())
                .containsExactlyInAnyOrder("bearer", "accessKey");
        // signing in needs no credentials
        assertThat(document.path("paths").path("/api/v1/auth/login").path("post").path("security").isEmpty()).isTrue();

        // what Swagger UI sends after Authorize with the token of a login
        String token = anonymous.post("/api/v1/auth/login", Map.of("username", "admin", "password", ADMIN_PASSWORD)).json().path("token").asString();
        assertThat(token).isNotBlank();
        assertThat(anonymous.withToken(token).get("/api/v1/me").status()).isEqualTo(200);
    }
}
