package io.meridian.server.iam;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Login answers say nothing about which user names exist: a name that nobody has locks exactly like one that somebody has. */
class LoginEnumerationTest
        extends IamTestSupport
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anUnknownNameLocksAfterFiveFailuresExactlyLikeAKnownOne()
            throws Exception
    {
        User known = newUser(admin);
        String unknown = unique("nobody");

        List<String> knownAnswers = sixWrongPasswords(known.username());
        List<String> unknownAnswers = sixWrongPasswords(unknown);

        assertThat(knownAnswers).containsExactly("401 auth.invalid", "401 auth.invalid", "401 auth.invalid", "401 auth.invalid", "401 auth.invalid",
                "429 auth.locked");
        assertThat(unknownAnswers).isEqualTo(knownAnswers);
    }

    @Test
    void aLockedNameIsAnsweredWithRetryAfterInSeconds()
            throws Exception
    {
        String name = unique("ghost");
        sixWrongPasswords(name);

        HttpResponse<String> locked = login(name, "still-wrong");

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(JSON.readTree(locked.body()).path("detail").asString()).contains(String.valueOf(retryAfter));
    }

    @Test
    void theRightPasswordAfterAFailureClearsTheCountForThatName()
            throws Exception
    {
        User user = newUser(admin);
        for (int attempt = 0; attempt < 4; attempt++) {
            login(user.username(), "wrong");
        }
        assertThat(login(user.username(), PASSWORD).statusCode()).isEqualTo(200);

        List<String> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            answers.add(answer(login(user.username(), "wrong")));
        }

        assertThat(answers).containsOnly("401 auth.invalid");
    }

    private List<String> sixWrongPasswords(String username)
            throws IOException, InterruptedException
    {
        List<String> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 6; attempt++) {
            answers.add(answer(login(username, "Wrong-Passw0rd")));
        }
        return answers;
    }

    private static String answer(HttpResponse<String> response)
    {
        JsonNode json = JSON.readTree(response.body());
        return response.statusCode() + " " + json.path("code").asString();
    }

    private HttpResponse<String> login(String username, String password)
            throws IOException, InterruptedException
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body("username", username, "password", password))))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
