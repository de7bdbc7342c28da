package io.meridian.server.resource;

import static java.util.Objects.requireNonNull;

/**
 * A resource flavor (实例规格) in the spec's naming: {@code 14C_100G_1*A800}, {@code 170C_1400G_8*H800}, or
 * {@code CPU_2C-内存_8G} for CPU-only. {@code deviceModel} is null and {@code cards} 0 for CPU-only flavors.
 * <p>
 * A shared-card flavor (eGPU, 001-A §5.9) is named by its spec string, {@code 2*(L40S(eGPU)_5G_1C_8G)} (see
 * {@link SharedCardSpec}): {@code cards} virtual cards, each {@code sharedMilli} thousandths of a distinct physical card
 * with {@code cardMemoryGiB} of its memory; {@code cpuCores} and {@code memoryGiB} are the instance's totals.
 *
 * @param sharedMilli thousandths of a physical card each virtual card holds; 0 for whole cards
 * @param cardMemoryGiB card memory each virtual card holds; 0 for whole cards (all of it)
 */
public record Flavor(String name, int cpuCores, int memoryGiB, String deviceModel, int cards, int sharedMilli, int cardMemoryGiB)
{
    public Flavor
    {
        requireNonNull(name, "name is null");
        if (sharedMilli < 0 || sharedMilli >= 1000 || cardMemoryGiB < 0) {
            throw new IllegalArgumentException("a shared card holds 1..999 milli of a card and a non-negative memory");
        }
    }

    /** A flavor of whole cards (or CPU only). */
    public Flavor(String name, int cpuCores, int memoryGiB, String deviceModel, int cards)
    {
        this(name, cpuCores, memoryGiB, deviceModel, cards, 0, 0);
    }

    public boolean isShared()
    {
        return sharedMilli > 0;
    }
}
