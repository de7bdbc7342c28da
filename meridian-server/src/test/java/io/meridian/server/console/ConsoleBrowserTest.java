package io.meridian.server.console;

import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's browser journeys ({@code meridian-console/e2e}), run by Node's test runner with playwright-core driving
 * Debian's headless Chromium against this real server, which serves the built console at {@code /}. The journey's DDP
 * task names the preset image {@code pytorch:2.15}: it runs in that environment (see ApiTestSupport), so the test
 * needs it installed.
 */
class ConsoleBrowserTest
        extends ApiTestSupport
{
    @Test
    void consoleJourneysPassInARealBrowser()
            throws IOException, InterruptedException
    {
        Environments.preset("pytorch");
        assertThat(anonymous.get("/").raw()).as("the server serves the built console at /").contains("<div id=\"app\"");
        // the first hour has a test of its own (FirstHourBrowserTest)
        BrowserJourneys.run("http://localhost:" + port, ADMIN_PASSWORD,
                List.of("e2e/console.e2e.test.mjs", "e2e/clusters.e2e.test.mjs", "e2e/journey.e2e.test.mjs", "e2e/readers-language.e2e.test.mjs",
                        "e2e/sharedcard.e2e.test.mjs",
                        "e2e/assets.e2e.test.mjs"), Map.of(), Duration.ofMinutes(10));
    }
}
