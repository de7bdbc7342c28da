package io.meridian.cleaning.dedup;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * MinHash signatures and LSH band keys of texts. A text's shingles are its {@code window_size}-character (or
 * -word) windows, each hashed to 32 bits; permutation {@code i} is a multiply-add hash (see {@link #signature})
 * with fixed random {@code a_i}, {@code b_i}, so every process computes the same signatures. A text shorter
 * than one window is a single shingle; an empty text has no signature (it is never a near-duplicate).
 */
public final class MinHasher
{
    private final MinHashOptions options;
    private final int[] a;
    private final int[] b;

    public MinHasher(MinHashOptions options)
    {
        this.options = requireNonNull(options, "options is null");
        SplittableRandom random = new SplittableRandom(0x6d65726964L);
        a = new int[options.numPermutations()];
        b = new int[options.numPermutations()];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt() | 1;
            b[i] = random.nextInt();
        }
    }

    public MinHashOptions options()
    {
        return options;
    }

    /**
     * The 32-bit shingle hashes of a text (with repeats), or an empty array for an empty text.
     */
    public long[] shingles(String input)
    {
        String text = options.lowercase() ? input.toLowerCase(Locale.ROOT) : input;
        int window = options.windowSize();
        if (options.tokenization().equals("character")) {
            int length = text.length();
            if (length == 0) {
                return new long[0];
            }
            if (length <= window) {
                return new long[] {Hashing.hash64(text, 0, length, 0) >>> 32};
            }
            long[] hashes = new long[length - window + 1];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = Hashing.hash64(text, i, i + window, 0) >>> 32;
            }
            return hashes;
        }
        String[] words = text.trim().split("\\s+");
        if (words.length == 1 && words[0].isEmpty()) {
            return new long[0];
        }
        int count = Math.max(1, words.length - window + 1);
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            String shingle = String.join(" ", Arrays.asList(words).subList(i, Math.min(words.length, i + window)));
            hashes[i] = Hashing.hash64(shingle, 0) >>> 32;
        }
        return hashes;
    }

    /**
     * The signature of a text, or null when it has no shingles. Permutation {@code i} of a shingle hash {@code h} is
     * {@code a_i * h + b_i} (mod 2^32, {@code a_i} odd: a bijection) followed by an xor-shift that breaks its
     * linearity; the minimum is taken in signed order (any fixed order will do). All in {@code int}, so the loop over
     * the permutations vectorises (eight lanes with AVX2).
     */
    public long[] signature(String text)
    {
        long[] shingles = shingles(text);
        if (shingles.length == 0) {
            return null;
        }
        int[] minimum = new int[a.length];
        Arrays.fill(minimum, Integer.MAX_VALUE);
        for (long shingle : shingles) {
            int h = (int) shingle;
            for (int i = 0; i < minimum.length; i++) {
                int value = a[i] * h + b[i];
                value ^= value >>> 15;
                minimum[i] = Math.min(minimum[i], value);
            }
        }
        long[] signature = new long[minimum.length];
        for (int i = 0; i < minimum.length; i++) {
            signature[i] = minimum[i];
        }
        return signature;
    }

    /**
     * One key per band: the hash of the band's rows of the signature.
     */
    public long[] bandKeys(long[] signature)
    {
        int rows = options.rowsPerBand();
        long[] keys = new long[options.bands()];
        for (int band = 0; band < keys.length; band++) {
            long h = band;
            for (int r = 0; r < rows; r++) {
                h = Hashing.mix(h, signature[band * rows + r]);
            }
            keys[band] = h;
        }
        return keys;
    }
}
