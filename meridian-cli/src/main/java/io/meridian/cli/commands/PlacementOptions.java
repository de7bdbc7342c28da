package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.Query;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where {@code meridian submit} runs work and on what: the workspace, its queue (or quota), the cluster and the flavor,
 * each with the default a user without flags gets. Shared by every {@code submit} type, so that they choose alike.
 */
public final class PlacementOptions
{
    @Option(names = "--flavor", paramLabel = "FLAVOR",
            description = "Resource flavor of each instance, such as 14C_100G_1*A800 (default: the queue's own flavor, else the smallest of its cluster).")
    String flavor;

    @Option(names = "--workspace", paramLabel = "WORKSPACE", description = "Workspace ID or name (default: your default workspace).")
    String workspace;

    @Option(names = {"--queue", "--pool"}, paramLabel = "QUEUE",
            description = "Queue (or quota) of the workspace, ID or name (default: the workspace's default queue, on --cluster when given).")
    String queue;

    @Option(names = "--cluster", paramLabel = "CLUSTER",
            description = "Cluster ID or name: run on the workspace's queue or quota there (default: the cluster of the queue).")
    String cluster;

    /** What was chosen: the workspace and pool as the server answered them, the pool's cluster and the flavor's name. */
    public record Placement(JsonNode workspace, JsonNode pool, String clusterId, String flavorName)
    {
        public Placement
        {
            requireNonNull(workspace, "workspace is null");
            requireNonNull(pool, "pool is null");
            requireNonNull(clusterId, "clusterId is null");
            requireNonNull(flavorName, "flavorName is null");
        }

        public String workspaceId()
        {
            return workspace.path("id").asString();
        }

        public String poolId()
        {
            return pool.path("id").asString();
        }

        /** For the person: {@code workspace default, queue q1 on cluster local, flavor F}. */
        public String describe()
        {
            String clusterName = pool.path("clusterName").asString("");
            return "workspace " + workspace.path("name").asString() + ", queue " + pool.path("name").asString()
                    + (clusterId.isEmpty() ? "" : " on cluster " + (clusterName.isEmpty() ? clusterId : clusterName)) + ", flavor " + flavorName;
        }
    }

    /** Looks up what the flags name, or the defaults; a name that matches nothing fails before anything is created. */
    public Placement resolve(ApiClient api)
    {
        JsonNode chosenWorkspace = workspace(api);
        JsonNode pool = pool(api, chosenWorkspace.path("id").asString());
        String flavorName = flavor != null && !flavor.isBlank() ? flavor.trim() : flavor(api, pool);
        return new Placement(chosenWorkspace, pool, pool.path("clusterId").asString(""), flavorName);
    }

    /** {@code --workspace} as an ID or an exact name; else the default workspace. */
    private JsonNode workspace(ApiClient api)
    {
        if (workspace != null) {
            return Lookup.WORKSPACE.find(api, workspace);
        }
        for (int page = 1; page <= 50; page++) {
            JsonNode answer = api.get("/workspaces", Query.empty().add("page", page).add("size", 200));
            for (JsonNode candidate : answer.path("items")) {
                if (candidate.path("isDefault").asBoolean(false)) {
                    return candidate;
                }
            }
            if (answer.path("items").size() < 200) {
                break;
            }
        }
        throw CliException.failure("you have no default workspace; pass --workspace");
    }

    /**
     * {@code --queue} as an ID or a name among the workspace's queues and quotas; else its default queue. With
     * {@code --cluster}, only the pools on that cluster count: its default one, else its only one.
     */
    private JsonNode pool(ApiClient api, String workspaceId)
    {
        JsonNode pools = api.get("/workspaces/" + ApiClient.segment(workspaceId) + "/resources");
        List<JsonNode> all = pools.isArray() ? pools.valueStream().toList() : pools.path("items").valueStream().toList();
        Optional<String> wantedCluster = Optional.ofNullable(cluster).map(String::trim);
        List<JsonNode> candidates = wantedCluster.map(name -> all.stream().filter(pool -> onCluster(pool, name)).toList()).orElse(all);
        if (wantedCluster.isPresent() && candidates.isEmpty()) {
            throw CliException.failure("the workspace has no queue or quota on cluster " + wantedCluster.get() + "; it has: " + names(all));
        }
        if (queue != null) {
            String wanted = queue.trim();
            JsonNode found = all.stream().filter(pool -> pool.path("id").asString().equals(wanted)).findFirst()
                    .or(() -> all.stream().filter(pool -> pool.path("name").asString().equals(wanted)).findFirst())
                    .orElseThrow(() -> CliException.failure("the workspace has no queue or quota " + wanted + "; it has: " + names(all)));
            if (!candidates.contains(found)) {
                throw CliException.failure("queue " + wanted + " is on cluster " + clusterOf(found) + ", not " + wantedCluster.orElseThrow()
                        + "; on that cluster the workspace has: " + names(candidates));
            }
            return found;
        }
        Optional<JsonNode> byDefault = candidates.stream()
                .filter(pool -> pool.path("isDefault").asBoolean(false) && "QUEUE".equals(pool.path("kind").asString()))
                .findFirst()
                .or(() -> candidates.stream().filter(pool -> pool.path("isDefault").asBoolean(false)).findFirst());
        if (byDefault.isPresent()) {
            return byDefault.get();
        }
        if (wantedCluster.isPresent() && candidates.size() == 1) {
            return candidates.getFirst();
        }
        String where = wantedCluster.map(name -> " on cluster " + name).orElse("");
        throw CliException.failure("the workspace has no default queue" + where + "; pass --queue (it has" + where + ": " + names(candidates) + ")");
    }

    private static boolean onCluster(JsonNode pool, String cluster)
    {
        return pool.path("clusterId").asString("").equals(cluster) || pool.path("clusterName").asString("").equals(cluster);
    }

    private static String clusterOf(JsonNode pool)
    {
        String name = pool.path("clusterName").asString("");
        return name.isEmpty() ? pool.path("clusterId").asString("?") : name;
    }

    private static String names(List<JsonNode> pools)
    {
        return pools.isEmpty() ? "none" : String.join(", ", pools.stream().map(pool -> pool.path("name").asString()).toList());
    }

    /** The queue's own flavor, else the smallest flavor of its cluster with the queue's device model (cards, then CPU, then memory). */
    private static String flavor(ApiClient api, JsonNode pool)
    {
        String own = pool.path("flavorName").asString("");
        if (!own.isBlank()) {
            return own;
        }
        String clusterId = pool.path("clusterId").asString("");
        String deviceModel = pool.path("deviceModel").asString("");
        JsonNode flavors = api.get("/flavors", Query.empty().add("clusterId", clusterId).add("size", 200));
        List<JsonNode> candidates = (flavors.isArray() ? flavors : flavors.path("items")).valueStream()
                .filter(flavor -> deviceModel.isBlank() || deviceModel.equals(flavor.path("deviceModel").asString("")))
                .toList();
        return smallest(candidates)
                .orElseThrow(() -> CliException.failure("the cluster of queue " + pool.path("name").asString() + " has no flavor"
                        + (deviceModel.isBlank() ? "" : " with " + deviceModel) + "; pass --flavor"));
    }

    /** The smallest flavor: fewest cards, then fewest CPU cores, then least memory, then by name. */
    static Optional<String> smallest(List<JsonNode> flavors)
    {
        return flavors.stream()
                .min(Comparator.<JsonNode>comparingInt(flavor -> flavor.path("cards").asInt(0))
                        .thenComparingInt(flavor -> flavor.path("cpuCores").asInt(0))
                        .thenComparingInt(flavor -> flavor.path("memoryGiB").asInt(0))
                        .thenComparing(flavor -> flavor.path("name").asString("")))
                .map(flavor -> flavor.path("name").asString());
    }
}
