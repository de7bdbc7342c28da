package io.meridian.server.runtime.internal;

import io.meridian.executor.Executor;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.slurm.SlurmConnection;
import io.meridian.executor.slurm.SlurmExecutor;
import io.meridian.executor.slurm.SlurmExecutorConfig;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.resource.ClusterConnections;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The executor of each cluster, chosen by the cluster's backend: this host's local executor for {@code local}
 * clusters, one slurm executor per {@code slurm} cluster (created on first use from the cluster's stored connection,
 * and reattached then to the jobs an earlier server left). Kubernetes comes as one more case here.
 */
@Component
class Backends
{
    private static final Logger log = LoggerFactory.getLogger(Backends.class);

    private final LocalHost host;
    private final ClusterDirectory clusters;
    private final ClusterConnections connections;
    private final Path slurmRoot;
    private final Map<String, SlurmExecutor> slurm = new ConcurrentHashMap<>();

    Backends(LocalHost host, ClusterDirectory clusters, ClusterConnections connections, MeridianProperties properties)
    {
        this.host = requireNonNull(host, "host is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.connections = requireNonNull(connections, "connections is null");
        // on the file system the Slurm nodes share with the server, at the same path (here: the same host)
        this.slurmRoot = properties.home().resolve("runtime-slurm");
    }

    /** The executor of the cluster's backend. Throws {@link IllegalStateException} when the cluster or its backend cannot be driven. */
    Executor forCluster(String clusterId)
    {
        ClusterSummary cluster = clusters.findForSystem(clusterId).orElseThrow(() -> new IllegalStateException("cluster " + clusterId + " does not exist any more"));
        return switch (cluster.backend()) {
            case LOCAL -> host.executor();
            case SLURM -> slurm.computeIfAbsent(cluster.id(), ignored -> slurmExecutor(cluster));
            case KUBERNETES -> throw new IllegalStateException("cluster %s has backend %s, which this server cannot drive yet".formatted(cluster.name(), cluster.backend().id()));
        };
    }

    /** The local executor and every slurm executor created so far: what may hold instances. */
    List<Executor> inUse()
    {
        return Stream.concat(Stream.of((Executor) host.executor()), slurm.values().stream()).toList();
    }

    private SlurmExecutor slurmExecutor(ClusterSummary cluster)
    {
        SlurmConnection connection = connections.slurm(cluster.id())
                .orElseThrow(() -> new IllegalStateException("slurm cluster " + cluster.name() + " has no connection"));
        SlurmExecutor executor = new SlurmExecutor(SlurmExecutorConfig.defaults(slurmRoot.resolve(cluster.id()), connection).withPython(host.python()));
        List<ObservedInstance> adopted = executor.reattach();
        log.info("Slurm backend of cluster '{}' at {}: reattached to {} instances", cluster.name(), connection.url(), adopted.size());
        return executor;
    }
}
