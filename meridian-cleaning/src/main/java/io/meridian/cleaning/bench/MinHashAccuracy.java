package io.meridian.cleaning.bench;

import io.meridian.cleaning.dedup.MinHashOptions;
import io.meridian.cleaning.dedup.MinHasher;
import io.meridian.cleaning.io.JsonRow;
import io.meridian.cleaning.io.LineReader;
import io.meridian.cleaning.io.Shard;
import io.meridian.cleaning.operator.OperatorConfig;
import io.meridian.cleaning.pipeline.PipelineSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall of MinHash LSH candidates against exact Jaccard similarity on a sample: {@code MinHashAccuracy
 * FILE ROWS [THRESHOLD]} takes the first ROWS rows, computes every pair's exact Jaccard similarity of the shingle sets
 * the de-duplicator uses (the three fields joined by line breaks, character 5-grams), and compares the pairs at or above
 * the threshold with the pairs that share an LSH band.
 */
public final class MinHashAccuracy
{
    private MinHashAccuracy() {}

    public static void main(String[] args)
            throws IOException
    {
        Path file = Path.of(args[0]);
        int sample = Integer.parseInt(args[1]);
        double threshold = args.length > 2 ? Double.parseDouble(args[2]) : 0.7;
        MinHasher hasher = new MinHasher(MinHashOptions.from(new OperatorConfig("document_minhash_deduplicator", Map.of("jaccard_threshold", threshold))));
        List<long[]> sets = new ArrayList<>();
        List<long[]> bands = new ArrayList<>();
        try (LineReader reader = new LineReader(file, Shard.of(file, 0, 1))) {
            String line;
            while (sets.size() < sample && (line = reader.next()) != null) {
                JsonRow row = JsonRow.parse(line, PipelineSpec.DEFAULT_FIELDS);
                StringBuilder text = new StringBuilder();
                for (int f = 0; f < row.fieldCount(); f++) {
                    if (row.value(f) != null && !row.value(f).isEmpty()) {
                        if (!text.isEmpty()) {
                            text.append('\n');
                        }
                        text.append(row.value(f));
                    }
                }
                long[] shingles = Arrays.stream(hasher.shingles(text.toString())).distinct().sorted().toArray();
                sets.add(shingles);
                bands.add(hasher.bandKeys(hasher.signature(text.toString())));
            }
        }
        long truePositives = 0;
        long falsePositives = 0;
        long falseNegatives = 0;
        long pairs = 0;
        for (int i = 0; i < sets.size(); i++) {
            Set<Long> bandSet = new HashSet<>();
            for (int b = 0; b < bands.get(i).length; b++) {
                bandSet.add(bands.get(i)[b] * 31 + b);
            }
            for (int j = i + 1; j < sets.size(); j++) {
                pairs++;
                boolean candidate = false;
                for (int b = 0; b < bands.get(j).length && !candidate; b++) {
                    candidate = bands.get(i)[b] == bands.get(j)[b];
                }
                long[] a = sets.get(i);
                long[] c = sets.get(j);
                boolean similar = Math.min(a.length, c.length) >= threshold * Math.max(a.length, c.length) && jaccard(a, c) >= threshold;
                if (candidate && similar) {
                    truePositives++;
                }
                else if (candidate) {
                    falsePositives++;
                }
                else if (similar) {
                    falseNegatives++;
                }
            }
        }
        double precision = truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        double recall = truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        System.out.printf(Locale.ROOT, "rows %d, pairs %d, threshold %.2f, bands %d x rows %d: similar pairs %d, candidate pairs %d, precision %.4f, recall %.4f%n",
                sets.size(), pairs, threshold, hasher.options().bands(), hasher.options().rowsPerBand(), truePositives + falseNegatives,
                truePositives + falsePositives, precision, recall);
    }

    private static double jaccard(long[] a, long[] b)
    {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j]) {
                i++;
            }
            else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }
}
