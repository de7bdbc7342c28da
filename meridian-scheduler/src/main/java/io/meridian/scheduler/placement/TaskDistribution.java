package io.meridian.scheduler.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The target workload of FGD: the popular task shapes and their relative frequency (summing to 1).
 */
public record TaskDistribution(List<TaskShape> shapes, List<Double> frequencies)
{
    /** The FGD artifact keeps the most popular shapes covering this share of all tasks. */
    public static final double DEFAULT_POPULARITY_THRESHOLD = 0.95;

    public TaskDistribution
    {
        shapes = List.copyOf(shapes);
        frequencies = List.copyOf(frequencies);
        if (shapes.size() != frequencies.size()) {
            throw new IllegalArgumentException("one frequency per shape");
        }
    }

    /**
     * Counts identical shapes in {@code samples}, sorts them by popularity and keeps the most popular ones
     * until they cover {@code threshold} of all samples, then renormalises — the "typical pods" of the paper's
     * artifact (threshold 95%, step 1).
     */
    public static TaskDistribution fromSamples(Collection<TaskShape> samples, double threshold)
    {
        requireNonNull(samples, "samples is null");
        if (samples.isEmpty()) {
            return new TaskDistribution(List.of(), List.of());
        }
        Map<TaskShape, Long> counts = new LinkedHashMap<>();
        for (TaskShape shape : samples) {
            counts.merge(shape, 1L, Long::sum);
        }
        return fromCounts(counts, threshold);
    }

    /**
     * The same from shapes already counted, in first-seen order ({@code counts} iterates in that order, e.g. a
     * {@link LinkedHashMap}): a cycle counts a gang's instances per group instead of listing each one.
     */
    public static TaskDistribution fromCounts(Map<TaskShape, Long> counts, double threshold)
    {
        requireNonNull(counts, "counts is null");
        long total = 0;
        for (long count : counts.values()) {
            total += count;
        }
        if (total == 0) {
            return new TaskDistribution(List.of(), List.of());
        }
        List<Map.Entry<TaskShape, Long>> sorted = new ArrayList<>(counts.entrySet());
        // Stable sort: equally popular shapes keep first-seen order, so the cut is deterministic.
        sorted.sort(Comparator.comparing(Map.Entry<TaskShape, Long>::getValue).reversed());
        List<TaskShape> kept = new ArrayList<>();
        List<Double> frequencies = new ArrayList<>();
        double covered = 0;
        for (Map.Entry<TaskShape, Long> entry : sorted) {
            if (covered >= threshold * (double) total) {
                break;
            }
            kept.add(entry.getKey());
            frequencies.add((double) entry.getValue());
            covered += entry.getValue();
        }
        List<Double> normalised = new ArrayList<>(frequencies.size());
        for (double count : frequencies) {
            normalised.add(count / covered);
        }
        return new TaskDistribution(kept, normalised);
    }
}
