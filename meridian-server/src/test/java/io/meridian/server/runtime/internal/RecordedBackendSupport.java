package io.meridian.server.runtime.internal;

import io.meridian.executor.Executor;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.resource.ClusterConnections;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.StatementCounter;
import io.meridian.server.testing.TestDatabase;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server of its own (home and database) whose embedded default cluster has 125 virtual nodes of 170 cores and 1400 GiB
 * (room for 10,625 instances of {@value #CPU_FLAVOR}), whose local cluster's work goes to a {@link RecordedExecutor}
 * instead of this host's processes, and whose data source counts statements ({@link StatementCounter}). Jobs are made
 * through the API and admitted, placed and launched by the real scheduler and supervisor.
 */
@ContextConfiguration(initializers = RecordedBackendSupport.OwnServer.class)
@Import(RecordedBackendSupport.RecordedBackend.class)
abstract class RecordedBackendSupport
        extends TrainingTestSupport
{
    static final String CPU_FLAVOR = "CPU_2C-内存_8G";
    private static final Path HOME = createHome();

    @Autowired
    RunSupervisor supervisor;

    @Autowired
    RecordedBackends backends;

    /**
     * Its own home and database, so that the shared test server's supervisor never sees these runs (nor this one its
     * runs). An initializer: it takes precedence over the base class's dynamic properties.
     */
    static final class OwnServer
            implements ApplicationContextInitializer<ConfigurableApplicationContext>
    {
        @Override
        public void initialize(ConfigurableApplicationContext context)
        {
            Map<String, Object> properties = new LinkedHashMap<>(TestDatabase.properties(HOME));
            properties.put("meridian.home", HOME.toString());
            properties.put("meridian.embedded.nodes[0].spec", "physical.h8ns.6xlarge8");
            properties.put("meridian.embedded.nodes[0].count", "125");
            properties.put("meridian.embedded.nodes[0].name-prefix", "bench-h800-");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("recorded-backend", properties));
        }
    }

    /** The statement counter in front of the data source, and the recorded backend in place of this host's for the local cluster. */
    static class RecordedBackend
    {
        @Bean
        static BeanPostProcessor countStatements()
        {
            return StatementCounter.wrapDataSource();
        }

        @Bean
        @Primary
        RecordedBackends recordedBackends(LocalHost host, ClusterDirectory clusters, ClusterConnections connections, MeridianProperties properties)
        {
            return new RecordedBackends(host, clusters, connections, properties);
        }
    }

    /** The real backends (the cluster is looked up as ever), but work for the local backend goes to a {@link RecordedExecutor}. */
    static class RecordedBackends
            extends Backends
    {
        private final LocalHost host;
        final RecordedExecutor recorded;

        RecordedBackends(LocalHost host, ClusterDirectory clusters, ClusterConnections connections, MeridianProperties properties)
        {
            super(host, clusters, connections, properties);
            this.host = host;
            this.recorded = new RecordedExecutor(host.executor());
        }

        @Override
        Executor forCluster(String clusterId)
        {
            Executor executor = super.forCluster(clusterId);
            return executor == host.executor() ? recorded : executor;
        }

        @Override
        List<Executor> inUse()
        {
            return super.inUse().stream().map(executor -> executor == host.executor() ? recorded : executor).toList();
        }
    }

    /** Submits jobs {@code from} to {@code to - 1} of {@code nodes} instances each and waits until {@code to} jobs run. */
    void submitJobs(int from, int to, int nodes, Duration deadline)
    {
        String workspaceId = defaultWorkspaceId(admin);
        String queueId = defaultQueueId(admin, workspaceId);
        for (int i = from; i < to; i++) {
            ApiClient.Response created = admin.post("/api/v1/jobs", body("workspaceId", workspaceId, "name", "bench_" + i, "poolId", queueId,
                    "flavorName", CPU_FLAVOR, "nodes", nodes, "command", "exec sleep infinity"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        Awaitility.await(to + " jobs running").atMost(deadline).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT COUNT(*) FROM runs WHERE kind = 'JOB' AND status = 'RUNNING'") == to
                        && count("SELECT COUNT(*) FROM run_instances WHERE state = 'RUNNING'") == (long) to * nodes);
    }

    /** Runs {@code work} with the supervisor's own loop stopped, so that only this thread runs passes meanwhile. */
    <T> T withLoopStopped(Supplier<T> work)
    {
        supervisor.stop();
        try {
            return work.get();
        }
        finally {
            supervisor.start();
        }
    }

    /** The users' limits of the admin's tenant raised far above what the load holds (by default 10,000 cores a user). */
    void raiseUserLimits()
    {
        JsonNode settings = admin.get("/api/v1/settings").json();
        ApiClient.Response raised = admin.put("/api/v1/settings", body("maxConcurrentCards", 1_000_000, "maxCpuCores", 1_000_000,
                "initialParallelStorageGiB", settings.path("initialParallelStorageGiB").asLong(), "version", settings.path("version").asLong()));
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
    }

    /** A statement's text, whitespace collapsed and IN lists of any length written alike. */
    static String normalized(String sql)
    {
        return sql.replaceAll("\\s+", " ").trim().replaceAll("(\\?, )+\\?", "?, …, ?");
    }

    long count(String sql)
    {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static Path createHome()
    {
        try {
            return Files.createTempDirectory("meridian-recorded-backend-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
