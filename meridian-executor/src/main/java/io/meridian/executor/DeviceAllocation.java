package io.meridian.executor;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The accelerator indices on its node that an instance holds: whole cards, or, for shared cards (eGPU), a share of each
 * of them ({@code sharedMilli} thousandths of its compute and {@code memoryMibPerDevice} of its memory).
 *
 * @param sharedMilli 0 for whole cards
 * @param memoryMibPerDevice 0 for whole cards
 */
public record DeviceAllocation(DeviceVendor vendor, List<Integer> indices, int sharedMilli, long memoryMibPerDevice)
{
    public DeviceAllocation
    {
        requireNonNull(vendor, "vendor is null");
        indices = List.copyOf(requireNonNull(indices, "indices is null"));
        if (indices.stream().anyMatch(index -> index < 0) || indices.stream().distinct().count() != indices.size()) {
            throw new IllegalArgumentException("device indices must be distinct and non-negative: " + indices);
        }
        if (sharedMilli < 0 || sharedMilli >= 1000 || memoryMibPerDevice < 0) {
            throw new IllegalArgumentException("a device share is 1..999 milli of a card and a non-negative memory");
        }
    }

    /** Whole cards. */
    public DeviceAllocation(DeviceVendor vendor, List<Integer> indices)
    {
        this(vendor, indices, 0, 0);
    }

    public static DeviceAllocation none()
    {
        return new DeviceAllocation(DeviceVendor.NVIDIA, List.of());
    }

    public static DeviceAllocation of(DeviceVendor vendor, Integer... indices)
    {
        return new DeviceAllocation(vendor, List.of(indices));
    }

    public boolean isEmpty()
    {
        return indices.isEmpty();
    }

    /** Whether the instance holds a share of each card rather than the whole cards. */
    public boolean isShared()
    {
        return sharedMilli > 0;
    }

    /**
     * The allocation as runs store and show it: {@code NVIDIA:0,1}, empty without devices; shared cards add the share of
     * each card, {@code NVIDIA:0,1@113/5120} (milli of its compute / MiB of its memory). {@link #parse} reads it back.
     */
    public String text()
    {
        if (isEmpty()) {
            return "";
        }
        String text = vendor.name() + ":" + asList();
        return isShared() ? text + "@" + sharedMilli + "/" + memoryMibPerDevice : text;
    }

    /** The allocation {@link #text} wrote; none for null or empty text. */
    public static DeviceAllocation parse(String text)
    {
        if (text == null || text.isEmpty()) {
            return none();
        }
        String[] parts = text.split(":", 2);
        String[] share = parts[1].split("@", 2);
        List<Integer> indices = Arrays.stream(share[0].split(",")).filter(part -> !part.isEmpty()).map(Integer::valueOf).toList();
        if (share.length == 1) {
            return new DeviceAllocation(DeviceVendor.valueOf(parts[0]), indices);
        }
        String[] amounts = share[1].split("/", 2);
        return new DeviceAllocation(DeviceVendor.valueOf(parts[0]), indices, Integer.parseInt(amounts[0]), Long.parseLong(amounts[1]));
    }

    /**
     * The indices as the visibility variables expect them: {@code 0,2,3}.
     */
    public String asList()
    {
        return indices.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
