package io.meridian.server.console;

import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's proof ({@code meridian-console/e2e/firsthour.e2e.test.mjs}): from login to a first successful two-instance
 * PyTorch run in a new workspace, in the console only, in Chinese and in English, with the steps counted; then every page
 * of the menu at 1280 and 1440 px checked for clipped tables, and the Chinese pages for untranslated codes.
 */
class FirstHourBrowserTest
        extends ApiTestSupport
{
    @Test
    void aNewUserReachesAFirstSuccessfulRunWithoutADeadEnd()
            throws IOException, InterruptedException
    {
        // the preset image the form preselects runs in the pinned PyTorch environment (see ApiTestSupport)
        Environments.preset("pytorch");
        BrowserJourneys.run("http://localhost:" + port, ADMIN_PASSWORD, List.of("e2e/firsthour.e2e.test.mjs"), Map.of(), Duration.ofMinutes(6));
    }
}
