package io.meridian.executor.slurm;

import io.meridian.executor.Endpoints;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Instances on a Slurm cluster reach each other at their nodes' addresses as Slurm knows them (NodeAddr). Ports
 * come from a range this process hands out in turn; the server cannot probe a remote node's free ports, so the
 * range should be one the cluster keeps free for jobs.
 */
final class SlurmEndpoints
        implements Endpoints
{
    static final int FIRST_PORT = 29500;
    static final int PORTS = 10000;

    private final Supplier<Map<String, String>> addresses;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    // one counter for every node: several Slurm nodes may share a host, as they do under bin/slurm-local
    private final AtomicInteger next = new AtomicInteger();

    SlurmEndpoints(Supplier<Map<String, String>> addresses)
    {
        this.addresses = requireNonNull(addresses, "addresses is null");
    }

    @Override
    public String address(String node)
    {
        requireNonNull(node, "node is null");
        String address = known.get(node);
        if (address == null) {
            known.putAll(addresses.get());
            address = known.get(node);
        }
        // a node Slurm does not know by that name is reached by its name, as Slurm's NodeAddr defaults to it
        return address == null ? node : address;
    }

    @Override
    public int allocatePort(String node)
    {
        return FIRST_PORT + Math.floorMod(next.getAndIncrement(), PORTS);
    }
}
