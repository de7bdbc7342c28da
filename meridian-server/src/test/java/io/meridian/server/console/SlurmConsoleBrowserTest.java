package io.meridian.server.console;

import io.meridian.executor.slurm.SlurmLocal;
import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.Installation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code eval "$(bin/slurm-local up)"; bin/meridian-server} in the browser: the console journey
 * {@code e2e/clusters.e2e.test.mjs} creates the same two-node DDP task on the {@code local} cluster and on the
 * {@code slurm} cluster and a plain job on the jobs page (作业), and sees each succeed with its logs. The shared
 * {@link ConsoleBrowserTest} server has no Slurm, so this one is a private installation registered on a real Slurm.
 */
@ExtendWith(SlurmLocal.class)
class SlurmConsoleBrowserTest
{
    @Test
    void theSameDdpTaskRunsOnBothClustersFromTheConsole(SlurmLocal.Cluster slurm)
            throws IOException, InterruptedException
    {
        // the DDP task's image, pytorch:2.15, runs in the preset environment on both clusters
        Installation installation = Installation.fresh("slurm-console")
                .with("meridian.environments.root", Environments.preset("pytorch").root().getParent().toString())
                .with("meridian.slurm.url", slurm.exports().get("MERIDIAN_SLURM_URL"))
                .with("meridian.slurm.user", slurm.exports().get("MERIDIAN_SLURM_USER"))
                .with("meridian.slurm.token", slurm.exports().get("MERIDIAN_SLURM_TOKEN"))
                .with("meridian.slurm.sync-interval", "1s");
        try (ConfigurableApplicationContext server = installation.start()) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            BrowserJourneys.run("http://localhost:" + port, Installation.ADMIN_PASSWORD, List.of("e2e/clusters.e2e.test.mjs"),
                    Map.of("MERIDIAN_E2E_SLURM", "slurm"), Duration.ofMinutes(5));
        }
    }
}
