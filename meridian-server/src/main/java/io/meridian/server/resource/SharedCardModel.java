package io.meridian.server.resource;

import static java.util.Objects.requireNonNull;

/**
 * A card model of a cluster that shared cards (eGPU) can be cut from, with what one physical card comes with: its memory,
 * and its share of its node's allocatable cores and memory (rounded down). Only NVIDIA models (001-A §5.9).
 *
 * @param cardsPerNode the most cards a node of this model has: the most virtual cards one instance may ask for, since
 *         an instance's virtual cards go on distinct physical cards of one node
 * @param cpuCoresPerCard cores per physical card (the smallest among the cluster's nodes of the model)
 * @param memoryGiBPerCard memory per physical card (the smallest among the cluster's nodes of the model)
 */
public record SharedCardModel(String deviceModel, String vendor, int cardMemoryGiB, int cardsPerNode, int cpuCoresPerCard, int memoryGiBPerCard)
{
    public SharedCardModel
    {
        requireNonNull(deviceModel, "deviceModel is null");
        requireNonNull(vendor, "vendor is null");
    }

    /** 默认推荐值 = 单张物理卡CPU × 显存占比, rounded down, at least 1. */
    public int recommendedCpuCores(int cardMemoryGiB)
    {
        return recommended(cpuCoresPerCard, cardMemoryGiB);
    }

    /** 默认推荐值 = 单张物理卡内存 × 显存占比, rounded down, at least 1. */
    public int recommendedMemoryGiB(int cardMemoryGiB)
    {
        return recommended(memoryGiBPerCard, cardMemoryGiB);
    }

    /**
     * Thousandths of a physical card's compute a virtual card with {@code cardMemoryGiB} gets: its share of the card's
     * memory, rounded down so that shares whose memory fits a card also fit its compute, and at least 10 (compute is
     * sliced at 1% at least). A virtual card with all of the card's memory gets 999: no other share fits beside it anyway.
     */
    public int milliFor(int cardMemoryGiB)
    {
        return (int) Math.clamp((long) cardMemoryGiB * 1000 / this.cardMemoryGiB, 10, 999);
    }

    private int recommended(int perCard, int cardMemoryGiB)
    {
        return (int) Math.max(1, (long) perCard * cardMemoryGiB / this.cardMemoryGiB);
    }
}
