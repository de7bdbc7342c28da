package io.meridian.server.testing;

import io.meridian.server.MeridianApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Meridian installation of its own (a data directory and a database) that a test starts, stops and starts again,
 * to see what survives a restart. Unlike {@link ApiTestSupport}'s shared server, each installation is private.
 */
public final class Installation
{
    public static final String ADMIN_PASSWORD = "Restart-Passw0rd";

    private final Map<String, Object> properties;

    private Installation(Map<String, Object> properties)
    {
        this.properties = Map.copyOf(properties);
    }

    public static Installation fresh(String name)
            throws IOException
    {
        Path home = Files.createTempDirectory("meridian-" + name + "-");
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties(home));
        properties.put("meridian.home", home.toString());
        properties.put("meridian.admin-password", ADMIN_PASSWORD);
        properties.put("meridian.bcrypt-strength", "4");
        properties.put("server.port", "0");
        return new Installation(properties);
    }

    /** This installation with one more setting (or another value for one), for every start from now on. */
    public Installation with(String key, Object value)
    {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.put(key, value);
        return new Installation(changed);
    }

    public Path home()
    {
        return Path.of((String) properties.get("meridian.home"));
    }

    /**
     * Settings go in as command-line arguments: {@code SpringApplicationBuilder.properties()} would only be defaults,
     * which application.yml's values override.
     */
    public ConfigurableApplicationContext start()
    {
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(MeridianApplication.class).run(arguments);
    }

    public static ApiClient loginAdmin(ConfigurableApplicationContext server)
    {
        return login(server, "admin", ADMIN_PASSWORD);
    }

    public static ApiClient login(ConfigurableApplicationContext server, String username, String password)
    {
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        ApiClient anonymous = new ApiClient("http://localhost:" + port, null, "en");
        ApiClient.Response response = anonymous.post("/api/v1/auth/login", body("username", username, "password", password));
        assertThat(response.status()).as("login of %s: %s", username, response).isEqualTo(200);
        return anonymous.withToken(response.text("token"));
    }
}
