package io.meridian.server.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The database a test server runs on: H2 in file mode by default, or a real PostgreSQL server with
 * {@code -Dmeridian.test.db=postgres} (URL, user and password from MERIDIAN_TEST_PG_URL / _USER / _PASSWORD, defaulting
 * to the server .ci/run starts). Each test server gets a database of its own: a fresh H2 file, or a fresh PostgreSQL schema.
 */
public final class TestDatabase
{
    private TestDatabase() {}

    public static boolean postgres()
    {
        return "postgres".equalsIgnoreCase(System.getProperty("meridian.test.db", "h2"));
    }

    public static Map<String, String> properties(Path home)
    {
        if (!postgres()) {
            // production's settings (application.yml), durability included: the placeholder is resolved by the server
            return Map.of("spring.datasource.url", "jdbc:h2:file:" + home.resolve("db/meridian") + ";${meridian.db.h2-settings}");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = env("MERIDIAN_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/meridian_test");
        return Map.of(
                "spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "spring.datasource.username", env("MERIDIAN_TEST_PG_USER", "meridian"),
                "spring.datasource.password", env("MERIDIAN_TEST_PG_PASSWORD", "meridian"),
                "spring.flyway.schemas", schema,
                "spring.flyway.create-schemas", "true");
    }

    private static String env(String name, String defaultValue)
    {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
