package io.meridian.executor.distributed;

import io.meridian.executor.Endpoints;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes the rendezvous environment of each instance of a distributed workload, the way the Kubeflow
 * training operators and torchrun expect it. Addresses and ports come from the backend's {@link Endpoints}:
 * on {@code local} every node is this host, so the master is 127.0.0.1 on a free port.
 */
public final class DistributedEnv
{
    public static final String DEEPSPEED_HOSTFILE = "hostfile";

    private DistributedEnv() {}

    /**
     * Environment per instance id, in member order.
     */
    public static Map<String, InstanceEnv> build(Topology topology, Endpoints endpoints)
    {
        return switch (topology.framework()) {
            case SINGLE -> single(topology);
            case PLAIN -> plain(topology, endpoints);
            case PYTORCH_DDP -> pytorch(topology, endpoints, false);
            case PYTORCH_DEEPSPEED -> pytorch(topology, endpoints, true);
            case TENSORFLOW_PS -> tensorflow(topology, endpoints);
        };
    }

    private static Map<String, InstanceEnv> single(Topology topology)
    {
        if (topology.members().size() != 1) {
            throw new IllegalArgumentException("a SINGLE workload has exactly one instance: " + topology.members());
        }
        return Map.of(topology.members().getFirst().instanceId(), new InstanceEnv(Map.of(), Map.of()));
    }

    private static Map<String, InstanceEnv> plain(Topology topology, Endpoints endpoints)
    {
        List<Member> members = topology.members();
        String hosts = members.stream().map(member -> endpoints.address(member.node())).collect(Collectors.joining(","));
        Map<String, InstanceEnv> result = new LinkedHashMap<>();
        for (int index = 0; index < members.size(); index++) {
            result.put(members.get(index).instanceId(), new InstanceEnv(Map.of(
                    "MERIDIAN_REPLICA_INDEX", String.valueOf(index),
                    "MERIDIAN_REPLICA_COUNT", String.valueOf(members.size()),
                    "MERIDIAN_REPLICA_HOSTS", hosts), Map.of()));
        }
        return result;
    }

    private static Map<String, InstanceEnv> pytorch(Topology topology, Endpoints endpoints, boolean deepspeed)
    {
        requireRoles(topology, Set.of(ReplicaRole.MASTER, ReplicaRole.WORKER));
        // node rank 0 is the master if there is one, as in PyTorchJob; a master-less job uses its first worker
        List<Member> ranked = new ArrayList<>(membersWithRole(topology, ReplicaRole.MASTER));
        if (ranked.size() > 1) {
            throw new IllegalArgumentException("at most one MASTER: " + ranked);
        }
        ranked.addAll(membersWithRole(topology, ReplicaRole.WORKER));

        Member master = ranked.getFirst();
        String masterAddress = endpoints.address(master.node());
        String masterPort = String.valueOf(endpoints.allocatePort(master.node()));
        int nodes = ranked.size();
        int nproc = topology.nprocPerNode();
        // DeepSpeed's launcher reads hosts from a hostfile; instance names are the hosts since one node may run
        // several instances and the kubernetes backend makes pod names resolvable through a headless service
        Map<String, String> files = deepspeed
                ? Map.of(DEEPSPEED_HOSTFILE, ranked.stream().map(member -> member.instanceId() + " slots=" + nproc + "\n").collect(Collectors.joining()))
                : Map.of();

        Map<String, InstanceEnv> result = new LinkedHashMap<>();
        for (int rank = 0; rank < nodes; rank++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PET_NNODES", String.valueOf(nodes));
            env.put("PET_NODE_RANK", String.valueOf(rank));
            env.put("PET_NPROC_PER_NODE", String.valueOf(nproc));
            env.put("PET_MASTER_ADDR", masterAddress);
            env.put("PET_MASTER_PORT", masterPort);
            env.put("MASTER_ADDR", masterAddress);
            env.put("MASTER_PORT", masterPort);
            env.put("WORLD_SIZE", String.valueOf(nodes * nproc));
            env.put("NODE_RANK", String.valueOf(rank));
            if (nproc == 1) {
                // with one process per node the instance's process is the rank; otherwise torchrun assigns ranks
                env.put("RANK", String.valueOf(rank));
                env.put("LOCAL_RANK", "0");
            }
            result.put(ranked.get(rank).instanceId(), new InstanceEnv(env, files));
        }
        return result;
    }

    private static Map<String, InstanceEnv> tensorflow(Topology topology, Endpoints endpoints)
    {
        requireRoles(topology, Set.of(ReplicaRole.CHIEF, ReplicaRole.WORKER, ReplicaRole.PS, ReplicaRole.EVALUATOR));
        if (membersWithRole(topology, ReplicaRole.CHIEF).size() > 1) {
            throw new IllegalArgumentException("at most one CHIEF: " + topology.members());
        }
        // The evaluator is not part of the training cluster (TensorFlow's RunConfig documents it so, and Kubeflow's
        // TFJob leaves it out): it gets the training cluster and its own task, and works from checkpoints
        Map<ReplicaRole, Integer> counts = new EnumMap<>(ReplicaRole.class);
        Map<ReplicaRole, List<String>> addresses = new EnumMap<>(ReplicaRole.class);
        Map<Member, Integer> indexes = new LinkedHashMap<>();
        for (Member member : topology.members()) {
            indexes.put(member, counts.merge(member.role(), 1, Integer::sum) - 1);
            if (member.role() != ReplicaRole.EVALUATOR) {
                addresses.computeIfAbsent(member.role(), ignored -> new ArrayList<>())
                        .add(endpoints.address(member.node()) + ":" + endpoints.allocatePort(member.node()));
            }
        }
        StringBuilder cluster = new StringBuilder("{");
        for (ReplicaRole role : List.of(ReplicaRole.CHIEF, ReplicaRole.WORKER, ReplicaRole.PS)) {
            List<String> ofRole = addresses.get(role);
            if (ofRole != null) {
                if (cluster.length() > 1) {
                    cluster.append(',');
                }
                cluster.append(Json.string(taskType(role))).append(':')
                        .append(ofRole.stream().map(Json::string).collect(Collectors.joining(",", "[", "]")));
            }
        }
        cluster.append('}');

        Map<String, InstanceEnv> result = new LinkedHashMap<>();
        indexes.forEach((member, index) -> {
            String tfConfig = "{\"cluster\":" + cluster + ",\"task\":{\"type\":" + Json.string(taskType(member.role())) + ",\"index\":" + index + "}}";
            result.put(member.instanceId(), new InstanceEnv(Map.of("TF_CONFIG", tfConfig), Map.of()));
        });
        return result;
    }

    private static String taskType(ReplicaRole role)
    {
        return switch (role) {
            case CHIEF -> "chief";
            case WORKER -> "worker";
            case PS -> "ps";
            case EVALUATOR -> "evaluator";
            case MASTER -> throw new IllegalArgumentException("TensorFlow has no MASTER task; use CHIEF");
        };
    }

    private static List<Member> membersWithRole(Topology topology, ReplicaRole role)
    {
        return topology.members().stream().filter(member -> member.role() == role).toList();
    }

    private static void requireRoles(Topology topology, Set<ReplicaRole> allowed)
    {
        for (Member member : topology.members()) {
            if (!allowed.contains(member.role())) {
                throw new IllegalArgumentException(topology.framework() + " does not have role " + member.role() + ": " + member);
            }
        }
    }

    private static final class Json
    {
        private Json() {}

        static String string(String value)
        {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        }
                        else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
