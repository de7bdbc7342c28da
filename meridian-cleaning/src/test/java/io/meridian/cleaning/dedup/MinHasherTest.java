package io.meridian.cleaning.dedup;

import io.meridian.cleaning.operator.OperatorConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class MinHasherTest
{
    @Test
    void optimalBandsMatchDataJuicersChoiceForItsDefaults()
    {
        // datasketch/Data-Juicer: threshold 0.7 with 256 permutations gives 25 bands of 10 rows
        assertThat(MinHashOptions.optimalBands(0.7, 256)).containsExactly(25, 10);
        assertThat(MinHashOptions.optimalBands(0.8, 128)).containsExactly(9, 13);
    }

    @Test
    void signaturesEstimateJaccardSimilarity()
    {
        MinHasher hasher = new MinHasher(MinHashOptions.from(new OperatorConfig("document_minhash_deduplicator", Map.of("num_permutations", 512))));
        String a = "今天天气很好，我们一起去公园散步吧。公园里有很多花，红的黄的紫的，非常漂亮。".repeat(3);
        String b = a.replace("紫的", "白的");
        double exact = jaccard(hasher.shingles(a), hasher.shingles(b));
        double estimate = agreement(hasher.signature(a), hasher.signature(b));
        assertThat(estimate).isCloseTo(exact, offset(0.08));
        assertThat(agreement(hasher.signature(a), hasher.signature("completely different english text here"))).isLessThan(0.05);
    }

    @Test
    void identicalTextsShareEveryBandAndEmptyTextsHaveNoSignature()
    {
        MinHasher hasher = new MinHasher(MinHashOptions.from(OperatorConfig.of("document_minhash_deduplicator")));
        assertThat(hasher.bandKeys(hasher.signature("same text"))).containsExactly(hasher.bandKeys(hasher.signature("SAME text")));
        assertThat(hasher.signature("")).isNull();
    }

    @Test
    void badOptionsAreNamed()
    {
        assertThatThrownBy(() -> MinHashOptions.from(new OperatorConfig("document_minhash_deduplicator", Map.of("tokenization", "sentencepiece"))))
                .hasMessageContaining("tokenization must be space or character");
        assertThatThrownBy(() -> MinHashOptions.from(new OperatorConfig("document_minhash_deduplicator", Map.of("num_bands", 30, "num_rows_per_band", 10))))
                .hasMessageContaining("num_bands * num_rows_per_band <= num_permutations");
    }

    static double jaccard(long[] a, long[] b)
    {
        Set<Long> left = new HashSet<>();
        Arrays.stream(a).forEach(left::add);
        Set<Long> right = new HashSet<>();
        Arrays.stream(b).forEach(right::add);
        Set<Long> union = new HashSet<>(left);
        union.addAll(right);
        left.retainAll(right);
        return (double) left.size() / union.size();
    }

    static double agreement(long[] a, long[] b)
    {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / a.length;
    }
}
