package io.meridian.cleaning.dedup;

import io.meridian.cleaning.operator.OperatorConfig;

/**
 * {@code document_minhash_deduplicator}'s options, named as in Data-Juicer: {@code tokenization} ({@code space} or
 * {@code character}), {@code window_size}, {@code lowercase}, {@code num_permutations}, {@code jaccard_threshold},
 * {@code num_bands} and {@code num_rows_per_band} (both chosen by {@link #optimalBands} when absent). Deliberate
 * difference: the default tokenization is {@code character} (Data-Juicer: {@code space}), since Chinese text has no
 * spaces between words.
 */
public record MinHashOptions(String tokenization, int windowSize, boolean lowercase, int numPermutations, double jaccardThreshold, int bands, int rowsPerBand)
{
    public MinHashOptions
    {
        if (!tokenization.equals("space") && !tokenization.equals("character")) {
            throw new IllegalArgumentException("document_minhash_deduplicator.tokenization must be space or character, got " + tokenization);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("document_minhash_deduplicator.window_size must be at least 1, got " + windowSize);
        }
        if (numPermutations < 1 || numPermutations > 1024) {
            throw new IllegalArgumentException("document_minhash_deduplicator.num_permutations must be 1 to 1024, got " + numPermutations);
        }
        if (!(jaccardThreshold > 0 && jaccardThreshold <= 1)) {
            throw new IllegalArgumentException("document_minhash_deduplicator.jaccard_threshold must be in (0, 1], got " + jaccardThreshold);
        }
        if (bands < 1 || rowsPerBand < 1 || (long) bands * rowsPerBand > numPermutations) {
            throw new IllegalArgumentException("document_minhash_deduplicator needs num_bands * num_rows_per_band <= num_permutations, got "
                    + bands + " * " + rowsPerBand + " > " + numPermutations);
        }
    }

    public static MinHashOptions from(OperatorConfig config)
    {
        int permutations = (int) config.number("num_permutations", 256);
        double threshold = config.decimal("jaccard_threshold", 0.7);
        int bands = (int) config.number("num_bands", 0);
        int rows = (int) config.number("num_rows_per_band", 0);
        if (bands == 0 || rows == 0) {
            int[] optimal = optimalBands(threshold, permutations);
            bands = optimal[0];
            rows = optimal[1];
        }
        return new MinHashOptions(
                config.string("tokenization", "character"),
                (int) config.number("window_size", 5),
                config.flag("lowercase", true),
                permutations,
                threshold,
                bands,
                rows);
    }

    /**
     * The bands and rows per band that minimise the (equally weighted) probabilities of a false positive below the
     * threshold and a false negative above it, as Data-Juicer (and datasketch) choose them.
     */
    public static int[] optimalBands(double threshold, int permutations)
    {
        double best = Double.MAX_VALUE;
        int[] result = {1, 1};
        for (int b = 1; b <= permutations; b++) {
            for (int r = 1; b * r <= permutations; r++) {
                double falsePositive = integrate(threshold, b, r, 0, threshold, true);
                double falseNegative = integrate(threshold, b, r, threshold, 1, false);
                double error = 0.5 * falsePositive + 0.5 * falseNegative;
                if (error < best) {
                    best = error;
                    result = new int[] {b, r};
                }
            }
        }
        return result;
    }

    private static double integrate(double threshold, int b, int r, double from, double to, boolean positive)
    {
        int steps = 200;
        double width = (to - from) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double s = from + (i + 0.5) * width;
            double candidate = 1 - Math.pow(1 - Math.pow(s, r), b);
            sum += (positive ? candidate : 1 - candidate) * width;
        }
        return sum;
    }
}
