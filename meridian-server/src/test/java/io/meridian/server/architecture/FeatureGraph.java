package io.meridian.server.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import io.meridian.server.architecture.ArchitectureMap.Edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The dependencies between the server's features as the compiled code has them. A feature is the first package segment
 * under {@code io.meridian.server}; a dependency on the platform kernel is open to all and not an edge.
 *
 * @param features every feature that has a class
 * @param edges every edge, with one dependency that makes it (for the message that reports it)
 */
record FeatureGraph(Set<String> features, Map<Edge, String> edges)
{
    private static final String ROOT = "io.meridian.server.";

    FeatureGraph
    {
        features = Set.copyOf(requireNonNull(features, "features is null"));
        edges = Map.copyOf(requireNonNull(edges, "edges is null"));
    }

    static FeatureGraph of(JavaClasses classes)
    {
        Set<String> features = new TreeSet<>();
        Map<Edge, String> edges = new TreeMap<>();
        for (JavaClass origin : classes) {
            Optional<String> from = feature(origin);
            if (from.isEmpty()) {
                continue;
            }
            features.add(from.get());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                feature(dependency.getTargetClass())
                        .filter(to -> !to.equals(from.get()) && !to.equals(ArchitectureMap.KERNEL))
                        .ifPresent(to -> edges.putIfAbsent(new Edge(from.get(), to), dependency.getDescription()));
            }
        }
        return new FeatureGraph(features, edges);
    }

    private static Optional<String> feature(JavaClass javaClass)
    {
        String packageName = javaClass.getPackageName();
        if (!packageName.startsWith(ROOT)) {
            // io.meridian.server itself (the application class) belongs to no feature
            return Optional.empty();
        }
        int dot = packageName.indexOf('.', ROOT.length());
        return Optional.of(dot < 0 ? packageName.substring(ROOT.length()) : packageName.substring(ROOT.length(), dot));
    }

    /** What differs between the code and the map, one sentence per difference that names the edge; empty when they agree. */
    List<String> differencesFrom(ArchitectureMap map)
    {
        String where = ArchitectureMap.DOCUMENT.getFileName() + " (section '" + ArchitectureMap.HEADING + "')";
        List<String> differences = new ArrayList<>();
        for (String feature : new TreeSet<>(features)) {
            if (!feature.equals(ArchitectureMap.KERNEL) && !map.features().contains(feature)) {
                differences.add("feature '" + feature + "' (package " + ROOT + feature + ") has no line in " + where + "; add '" + feature + " -> ...'");
            }
        }
        for (String feature : new TreeSet<>(map.features())) {
            if (!features.contains(feature)) {
                differences.add("feature '" + feature + "' is in " + where + " but there is no package " + ROOT + feature + "; remove its line");
            }
        }
        new TreeMap<>(edges).forEach((edge, example) -> {
            if (edge.from().equals(ArchitectureMap.KERNEL)) {
                differences.add(edge + ": the platform kernel may depend on no feature, but the code does (" + example + ")");
            }
            else if (!map.edges().contains(edge)) {
                differences.add(edge + " is missing from " + where + ": the code has it (" + example + "); add it to the map if it is intended, else remove the dependency");
            }
        });
        for (Edge edge : new TreeSet<>(map.edges())) {
            if (!edges.containsKey(edge)) {
                differences.add(edge + " is stale in " + where + ": no class of '" + edge.from() + "' uses '" + edge.to() + "' any more; remove it from the map");
            }
        }
        map.diagramEdges().ifPresent(diagram -> {
            for (Edge edge : new TreeSet<>(map.edges())) {
                if (!diagram.contains(edge)) {
                    differences.add(edge + " is missing from the mermaid diagram in " + where + "; draw it as '" + edge.from() + " --> " + edge.to() + "'");
                }
            }
            for (Edge edge : new TreeSet<>(diagram)) {
                if (!map.edges().contains(edge)) {
                    differences.add(edge + " is drawn in the mermaid diagram in " + where + " but not listed in its text block; remove it");
                }
            }
        });
        return differences;
    }
}
