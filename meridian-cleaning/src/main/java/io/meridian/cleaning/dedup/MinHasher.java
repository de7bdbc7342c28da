package io.meridian.cleaning.dedup;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * MinHash signatures and LSH band keys of texts. A text's shingles are its {@code window_size}-character (or
 * -word) windows, each hashed to 32 bits; permutation {@code i} is the multiply-shift hash {@code (a_i * h + b_i) >>> 32}
 * with fixed random 64-bit {@code a_i}, {@code b_i}, so every process computes the same signatures. A text shorter
 * than one window is a single shingle; an empty text has no signature (it is never a near-duplicate).
 */
public final class MinHasher
{
    private final MinHashOptions options;
    private final long[] a;
    private final long[] b;

    public MinHasher(MinHashOptions options)
    {
        this.options = requireNonNull(options, "options is null");
        SplittableRandom random = new SplittableRandom(0x6d65726964L);
        a = new long[options.numPermutations()];
        b = new long[options.numPermutations()];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextLong() | 1;
            b[i] = random.nextLong();
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
     * The signature of a text, or null when it has no shingles.
     */
    public long[] signature(String text)
    {
        long[] shingles = shingles(text);
        if (shingles.length == 0) {
            return null;
        }
        long[] signature = new long[a.length];
        Arrays.fill(signature, Long.MAX_VALUE);
        for (long h : shingles) {
            for (int i = 0; i < signature.length; i++) {
                long value = (a[i] * h + b[i]) >>> 32;
                if (value < signature[i]) {
                    signature[i] = value;
                }
            }
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
