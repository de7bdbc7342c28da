package io.meridian.server.resource;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A shared-card (eGPU) request as the spec writes it (001-A §5.9, 【张*（卡类型_eGPU）_显存_核数_内存】):
 * {@code 2*(L40S(eGPU)_5G_1C_8G)} is 2 virtual cards of the L40S model, each with 5 GiB of card memory, 1 core and 8 GiB
 * of memory. The card model is written as the catalog spells it.
 *
 * @param cards number of virtual cards of one instance
 * @param cardMemoryGiB card memory per virtual card
 * @param cpuCores cores per virtual card
 * @param memoryGiB memory per virtual card
 */
public record SharedCardSpec(int cards, String deviceModel, int cardMemoryGiB, int cpuCores, int memoryGiB)
{
    private static final Pattern SPEC = Pattern.compile("(\\d{1,4})\\*\\(([A-Za-z0-9.-]{1,20})\\(eGPU\\)_(\\d{1,6})G_(\\d{1,6})C_(\\d{1,6})G\\)");

    public SharedCardSpec
    {
        requireNonNull(deviceModel, "deviceModel is null");
    }

    /** Whether {@code name} is meant as a shared-card spec rather than a flavor name, well formed or not. */
    public static boolean looksShared(String name)
    {
        return name != null && name.contains("(eGPU)");
    }

    /** The spec written in {@code text}, exactly as {@link #name()} prints it; empty for anything else. */
    public static Optional<SharedCardSpec> parse(String text)
    {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SPEC.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        SharedCardSpec spec = new SharedCardSpec(Integer.parseInt(matcher.group(1)), matcher.group(2), Integer.parseInt(matcher.group(3)),
                Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)));
        // Leading zeros ("02*") would print differently: one spelling per spec.
        return spec.name().equals(text) ? Optional.of(spec) : Optional.empty();
    }

    /** The spec string, {@code 2*(L40S(eGPU)_5G_1C_8G)}. */
    public String name()
    {
        return cards + "*(" + deviceModel + "(eGPU)_" + cardMemoryGiB + "G_" + cpuCores + "C_" + memoryGiB + "G)";
    }
}
