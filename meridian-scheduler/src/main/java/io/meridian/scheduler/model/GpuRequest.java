package io.meridian.scheduler.model;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The GPU part of one instance: either {@code wholeCards} full cards, or {@code sharedCards} shares of cards (each
 * {@code sharedMilli} in 1..999 thousandths of one card's compute plus {@code memoryMib} of its memory), or nothing.
 * <p>
 * The shares of one instance go on distinct cards of its node: a process cannot use the same physical card twice as two
 * devices. Shares of different instances are packed onto the same card where they fit (001-A §5.9: "multiple eGPU
 * instances are preferentially scheduled onto the same physical GPU"), which the placement policies do by preferring the
 * fullest card that still fits.
 *
 * @param acceptableModels card models the instance can run on; empty means any model
 */
public record GpuRequest(int wholeCards, int sharedCards, int sharedMilli, long memoryMib, Set<String> acceptableModels)
{
    public static final int MILLI_PER_CARD = 1000;

    public GpuRequest
    {
        acceptableModels = Set.copyOf(requireNonNull(acceptableModels, "acceptableModels is null"));
        if (wholeCards < 0 || sharedCards < 0 || sharedMilli < 0 || memoryMib < 0) {
            throw new IllegalArgumentException("negative GPU request");
        }
        if (wholeCards > 0 && sharedMilli > 0) {
            throw new IllegalArgumentException("a GPU request is either whole cards or shares of cards, not both");
        }
        if ((sharedCards > 0) != (sharedMilli > 0)) {
            throw new IllegalArgumentException("a shared card request names both how many cards and how much of each");
        }
        if (sharedMilli >= MILLI_PER_CARD) {
            throw new IllegalArgumentException("a shared card request must be below " + MILLI_PER_CARD + " milli, use whole cards");
        }
    }

    public static GpuRequest none()
    {
        return new GpuRequest(0, 0, 0, 0, Set.of());
    }

    public static GpuRequest wholeCards(int cards, Set<String> models)
    {
        return new GpuRequest(cards, 0, 0, 0, models);
    }

    /** A share of one card. */
    public static GpuRequest shared(int milli, long memoryMib, Set<String> models)
    {
        return shared(1, milli, memoryMib, models);
    }

    /** Shares of {@code cards} distinct cards, each {@code milli} of its compute and {@code memoryMib} of its memory. */
    public static GpuRequest shared(int cards, int milli, long memoryMib, Set<String> models)
    {
        return new GpuRequest(0, cards, milli, memoryMib, models);
    }

    public boolean isShared()
    {
        return sharedMilli > 0;
    }

    public boolean needsGpu()
    {
        return wholeCards > 0 || sharedMilli > 0;
    }

    /** Number of cards the instance touches. */
    public int cards()
    {
        return isShared() ? sharedCards : wholeCards;
    }

    /** Milli-GPU taken on each touched card. */
    public int milliPerCard()
    {
        return isShared() ? sharedMilli : (wholeCards > 0 ? MILLI_PER_CARD : 0);
    }

    public long totalMilli()
    {
        return (long) cards() * milliPerCard();
    }
}
