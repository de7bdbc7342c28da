package io.meridian.server.console;

import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Issue 12's proof ({@code meridian-console/e2e/cleaning.e2e.test.mjs}): an instruction-tuning dataset uploaded with
 * mistakes, told row by row, corrected, annotated and published, then cleaned through 数据工具 › 数据清洗 on the local
 * backend into a new dataset without the e-mail, identity and mobile numbers; all in the console.
 */
class CleaningBrowserTest
        extends ApiTestSupport
{
    @Test
    void aDatasetWithMistakesIsCorrectedPublishedAndCleanedInTheConsole()
            throws IOException, InterruptedException
    {
        BrowserJourneys.run("http://localhost:" + port, ADMIN_PASSWORD, List.of("e2e/cleaning.e2e.test.mjs"), Map.of(), Duration.ofMinutes(4));
    }
}
