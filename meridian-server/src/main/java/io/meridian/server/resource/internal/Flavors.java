package io.meridian.server.resource.internal;

import io.meridian.server.resource.Flavor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flavors (实例规格) cut from node specifications. A flavor of {@code n} cards on a node of {@code N} cards gets the same
 * fraction of the node's allocatable CPU and memory, rounded down: {@code cpu = floor(allocatableCpu * n / N)}. The
 * allocatable amounts already leave the system's reserve, so {@code 8 * 14C_100G_1*A800} fits one A800 node
 * (112 of 128 cores, 800 of 1024 GiB) and {@code 170C_1400G_8*H800} is the whole of an H800 node's allocatable share.
 */
final class Flavors
{
    static final List<Integer> CARD_GRANULARITIES = List.of(1, 2, 4, 8);

    /** Flavors for CPU-only work, in the spec's spelling (001-A §5.2). */
    static final List<Flavor> CPU_FLAVORS = List.of(
            new Flavor("CPU_2C-内存_8G", 2, 8, null, 0),
            new Flavor("CPU_4C-内存_16G", 4, 16, null, 0),
            // the data-cleaning default of 001-A §3 (8C 16G)
            new Flavor("CPU_8C-内存_16G", 8, 16, null, 0),
            new Flavor("CPU_8C-内存_32G", 8, 32, null, 0));

    private Flavors() {}

    /** The GPU/NPU flavors of the given node specifications, then the CPU flavors; the same name appears once. */
    static List<Flavor> of(Collection<Catalog.NodeSpec> specs)
    {
        Map<String, Flavor> flavors = new LinkedHashMap<>();
        specs.stream()
                .sorted(Comparator.comparing(Catalog.NodeSpec::deviceModel).thenComparing(Catalog.NodeSpec::id))
                .forEach(spec -> {
                    for (int cards : CARD_GRANULARITIES) {
                        if (cards <= spec.deviceCount()) {
                            Flavor flavor = flavor(spec, cards);
                            flavors.putIfAbsent(flavor.name(), flavor);
                        }
                    }
                });
        List<Flavor> result = new ArrayList<>(flavors.values());
        result.sort(Comparator.comparing(Flavor::deviceModel).thenComparingInt(Flavor::cards).thenComparingInt(Flavor::cpuCores));
        result.addAll(CPU_FLAVORS);
        return List.copyOf(result);
    }

    static Flavor flavor(Catalog.NodeSpec spec, int cards)
    {
        int cpu = (int) ((long) spec.allocatableCpuCores() * cards / spec.deviceCount());
        int memory = (int) ((long) spec.allocatableMemoryGiB() * cards / spec.deviceCount());
        return new Flavor(cpu + "C_" + memory + "G_" + cards + "*" + spec.deviceModel(), cpu, memory, spec.deviceModel(), cards);
    }
}
