package io.meridian.server.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The allowed dependencies between the server's features as {@code docs/architecture.md} writes them: under the
 * heading "Allowed dependencies", a fenced {@code text} block with one line per feature, {@code feature -> other, other}
 * ({@code feature ->} when it uses none), and optionally a {@code mermaid} diagram of the same edges. The platform
 * kernel is open to every feature and is not listed.
 *
 * @param features every feature the map names
 * @param edges the allowed edges of the text block
 * @param diagramEdges the edges the Mermaid diagram draws, if the section has one
 */
record ArchitectureMap(Set<String> features, Set<Edge> edges, Optional<Set<Edge>> diagramEdges)
{
    static final Path DOCUMENT = Path.of("..", "docs", "architecture.md");
    static final String HEADING = "Allowed dependencies";
    static final String KERNEL = "platform";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern LINE = Pattern.compile("(\\S+)\\s*->(.*)");
    private static final Pattern DIAGRAM_EDGE = Pattern.compile("\\s*([a-z][a-z0-9]*)\\s*-->\\s*([a-z][a-z0-9]*)\\s*");
    private static final Pattern DIAGRAM_HEADER = Pattern.compile("\\s*(flowchart|graph)( (LR|RL|TB|TD|BT))?\\s*");

    /** A feature {@code from} uses the public interface of feature {@code to}. */
    record Edge(String from, String to)
            implements Comparable<Edge>
    {
        Edge
        {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }

        @Override
        public int compareTo(Edge other)
        {
            int byFrom = from.compareTo(other.from);
            return byFrom != 0 ? byFrom : to.compareTo(other.to);
        }

        @Override
        public String toString()
        {
            return from + " -> " + to;
        }
    }

    ArchitectureMap
    {
        features = Set.copyOf(requireNonNull(features, "features is null"));
        edges = Set.copyOf(requireNonNull(edges, "edges is null"));
        diagramEdges = requireNonNull(diagramEdges, "diagramEdges is null").map(Set::copyOf);
    }

    static ArchitectureMap read()
    {
        try {
            return parse(Files.readString(DOCUMENT));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT.toAbsolutePath().normalize(), e);
        }
    }

    /** Reads the section "Allowed dependencies" of the document; anything it cannot read exactly is an error that says where. */
    static ArchitectureMap parse(String markdown)
    {
        List<String> lines = markdown.lines().toList();
        int heading = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("#{2,6} " + HEADING + "\\s*")) {
                if (heading >= 0) {
                    throw new IllegalArgumentException("two headings '" + HEADING + "' (lines " + (heading + 1) + " and " + (i + 1) + ")");
                }
                heading = i;
            }
        }
        if (heading < 0) {
            throw new IllegalArgumentException("no heading '## " + HEADING + "'");
        }
        int end = heading + 1;
        boolean fenced = false;
        while (end < lines.size() && (fenced || !lines.get(end).startsWith("#"))) {
            if (lines.get(end).startsWith("```")) {
                fenced = !fenced;
            }
            end++;
        }
        List<String> section = lines.subList(heading + 1, end);
        Optional<Block> text = block(section, heading + 1, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the section '" + HEADING + "' (line " + (heading + 1) + ") has no ```text block");
        }
        Map<String, Set<String>> graph = graph(text.get());
        Set<String> features = new LinkedHashSet<>(graph.keySet());
        Set<Edge> edges = new TreeSet<>();
        graph.forEach((from, targets) -> targets.forEach(to -> edges.add(new Edge(from, to))));
        for (Edge edge : edges) {
            if (!graph.containsKey(edge.to())) {
                throw new IllegalArgumentException(edge + ": feature '" + edge.to() + "' has no line of its own in the ```text block");
            }
        }
        return new ArchitectureMap(features, edges, block(section, heading + 1, "mermaid").map(ArchitectureMap::diagram));
    }

    private record Block(List<String> lines, int firstLineNumber) {}

    private static Optional<Block> block(List<String> section, int sectionStart, String language)
    {
        for (int i = 0; i < section.size(); i++) {
            if (section.get(i).strip().equals("```" + language)) {
                for (int j = i + 1; j < section.size(); j++) {
                    if (section.get(j).strip().equals("```")) {
                        return Optional.of(new Block(section.subList(i + 1, j), sectionStart + i + 2));
                    }
                }
                throw new IllegalArgumentException("the ```" + language + " block at line " + (sectionStart + i + 1) + " is not closed");
            }
        }
        return Optional.empty();
    }

    private static Map<String, Set<String>> graph(Block block)
    {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            int number = block.firstLineNumber() + i;
            if (line.isBlank()) {
                continue;
            }
            Matcher matcher = LINE.matcher(line.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("line " + number + ": expected 'feature -> other, other' (or 'feature ->'), got '" + line + "'");
            }
            String from = name(matcher.group(1), number);
            if (from.equals(KERNEL)) {
                throw new IllegalArgumentException("line " + number + ": '" + KERNEL + "' is the kernel, open to every feature and depending on none; it has no line");
            }
            Set<String> targets = new TreeSet<>();
            String list = matcher.group(2).strip();
            if (!list.isEmpty()) {
                for (String target : list.split(",", -1)) {
                    String to = name(target.strip(), number);
                    if (to.equals(KERNEL) || to.equals(from)) {
                        throw new IllegalArgumentException("line " + number + ": " + from + " -> " + to + " is implicit and not listed");
                    }
                    if (!targets.add(to)) {
                        throw new IllegalArgumentException("line " + number + ": " + from + " -> " + to + " is listed twice");
                    }
                }
            }
            if (graph.put(from, targets) != null) {
                throw new IllegalArgumentException("line " + number + ": feature '" + from + "' has a second line");
            }
        }
        return graph;
    }

    private static String name(String name, int number)
    {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("line " + number + ": '" + name + "' is not a feature name (a package segment: lower-case letters and digits)");
        }
        return name;
    }

    private static Set<Edge> diagram(Block block)
    {
        Set<Edge> edges = new TreeSet<>();
        List<String> unreadable = new ArrayList<>();
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            Matcher edge = DIAGRAM_EDGE.matcher(line);
            if (edge.matches()) {
                edges.add(new Edge(edge.group(1), edge.group(2)));
            }
            else if (!line.isBlank() && !line.strip().startsWith("%%") && !(i == 0 && DIAGRAM_HEADER.matcher(line).matches())) {
                unreadable.add("line " + (block.firstLineNumber() + i) + ": '" + line + "'");
            }
        }
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException("the mermaid diagram may hold only 'flowchart LR', 'a --> b' lines and %% comments; not " + unreadable);
        }
        return edges;
    }
}
