package io.meridian.server.testing;

import io.meridian.executor.testing.Environments;
import io.meridian.server.MeridianApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of API tests: a real server on a random port over a real database (H2 file or PostgreSQL, see
 * {@link TestDatabase}), started with the embedded default, and a real HTTP client. Test classes extending this share
 * one server (Spring caches the context), so tests create uniquely named objects and never assume an empty database.
 * Its environments root is the machine's, where {@code bin/meridian-env} installed the preset {@code pytorch}: a job
 * naming a preset image ({@code pytorch:2.15}) then runs in the pinned environment, as on an installation with it.
 */
@SpringBootTest(classes = MeridianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestSupport
{
    public static final String ADMIN_PASSWORD = "Admin-Passw0rd";
    private static final Path HOME = createHome();

    @LocalServerPort
    protected int port;

    @Autowired
    protected org.springframework.jdbc.core.simple.JdbcClient jdbc;

    protected ApiClient anonymous;
    protected ApiClient admin;

    @DynamicPropertySource
    static void meridianProperties(DynamicPropertyRegistry registry)
    {
        registry.add("meridian.home", HOME::toString);
        registry.add("meridian.admin-password", () -> ADMIN_PASSWORD);
        // The cheapest bcrypt cost keeps the suite fast; production uses 10.
        registry.add("meridian.bcrypt-strength", () -> "4");
        // only nodes a test reports heartbeats for are watched; a short grace lets it see one go silent
        registry.add("meridian.nodes.heartbeat-grace", () -> "3s");
        registry.add("meridian.nodes.heartbeat-check-interval", () -> "1s");
        // where pytorch is not installed the new home's root (empty) stays: preset images run with the system's
        // interpreter, and the tests whose jobs need torch skip (or fail under MERIDIAN_REQUIRE_ENVIRONMENTS=true)
        Environments.installed("pytorch").ifPresent(pytorch -> registry.add("meridian.environments.root", () -> pytorch.root().getParent().toString()));
        TestDatabase.properties(HOME).forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeEach
    void signInAdmin()
    {
        anonymous = new ApiClient("http://localhost:" + port, null, "en");
        admin = loginAs("admin", ADMIN_PASSWORD);
    }

    protected ApiClient loginAs(String username, String password)
    {
        ApiClient.Response response = anonymous.post("/api/v1/auth/login", ApiClient.body("username", username, "password", password));
        assertThat(response.status()).as("login of %s: %s", username, response).isEqualTo(200);
        return anonymous.withToken(response.text("token"));
    }

    /** A name no other test has used, within the given length. */
    protected static String unique(String prefix)
    {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    private static Path createHome()
    {
        try {
            return Files.createTempDirectory("meridian-test-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
