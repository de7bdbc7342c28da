package io.meridian.cleaning.dedup;

/**
 * A fast 64-bit hash of UTF-16 text (MurmurHash3-style mixing, four characters per step). Not cryptographic: the
 * exact de-duplicator uses two of them with different seeds as one 128-bit key, so a false "duplicate" needs a
 * 128-bit collision.
 */
public final class Hashing
{
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Hashing() {}

    public static long hash64(CharSequence text, long seed)
    {
        return hash64(text, 0, text.length(), seed);
    }

    public static long hash64(CharSequence text, int from, int to, long seed)
    {
        long h = seed ^ ((to - from) * 0x9e3779b97f4a7c15L);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            long k = text.charAt(i) | ((long) text.charAt(i + 1) << 16) | ((long) text.charAt(i + 2) << 32) | ((long) text.charAt(i + 3) << 48);
            h ^= mixK(k);
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long k = 0;
        for (int shift = 0; i < to; i++, shift += 16) {
            k |= (long) text.charAt(i) << shift;
        }
        h ^= mixK(k);
        return fmix(h);
    }

    /**
     * Two independent 64-bit hashes of the text in one pass: a 128-bit key.
     */
    public static void hash128(CharSequence text, long seed, long[] result)
    {
        int length = text.length();
        long h1 = seed ^ (length * 0x9e3779b97f4a7c15L);
        long h2 = ~seed ^ (length * 0xc2b2ae3d27d4eb4fL);
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            long k = text.charAt(i) | ((long) text.charAt(i + 1) << 16) | ((long) text.charAt(i + 2) << 32) | ((long) text.charAt(i + 3) << 48);
            h1 ^= mixK(k);
            h1 = Long.rotateLeft(h1, 27) * 5 + 0x52dce729;
            h2 ^= Long.rotateLeft(k * C2, 33) * C1;
            h2 = Long.rotateLeft(h2, 31) * 5 + 0x38495ab5;
        }
        long k = 0;
        for (int shift = 0; i < length; i++, shift += 16) {
            k |= (long) text.charAt(i) << shift;
        }
        h1 ^= mixK(k);
        h2 ^= Long.rotateLeft(k * C2, 33) * C1;
        result[0] = fmix(h1 + h2);
        result[1] = fmix(h2 + result[0]);
    }

    public static long mix(long a, long b)
    {
        return fmix(a * C1 + Long.rotateLeft(b, 31) * C2);
    }

    private static long mixK(long k)
    {
        return Long.rotateLeft(k * C1, 31) * C2;
    }

    public static long fmix(long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
