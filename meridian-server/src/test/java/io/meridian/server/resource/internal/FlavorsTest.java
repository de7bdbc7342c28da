package io.meridian.server.resource.internal;

import io.meridian.server.resource.Flavor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlavorsTest
{
    private static final Catalog.NodeSpec H800 = new Catalog.NodeSpec("physical.h8ns.6xlarge8", NodeType.PHYSICAL, "H800", "nvidia", 8, 192, 2048, 170, 1400);
    private static final Catalog.NodeSpec A10_X4 = new Catalog.NodeSpec("pi7.16xlarge.4", NodeType.CLOUD_HOST, "A10", "nvidia", 4, 64, 256, 56, 224);

    @Test
    void cpuAndMemoryScaleWithTheCardFractionRoundedDown()
    {
        // 170 × 4 / 8 = 85 and 170 / 8 = 21.25 → 21: the spec's 21C_175G_1*H800 and 170C_1400G_8*H800.
        assertThat(Flavors.of(List.of(H800))).extracting(Flavor::name).startsWith("21C_175G_1*H800", "42C_350G_2*H800", "85C_700G_4*H800", "170C_1400G_8*H800");
        assertThat(Flavors.flavor(H800, 1)).isEqualTo(new Flavor("21C_175G_1*H800", 21, 175, "H800", 1));
    }

    @Test
    void granularitiesStopAtTheNodesCardsAndCpuFlavorsComeLast()
    {
        assertThat(Flavors.of(List.of(A10_X4, H800))).extracting(Flavor::name).containsExactly(
                "14C_56G_1*A10", "28C_112G_2*A10", "56C_224G_4*A10",
                "21C_175G_1*H800", "42C_350G_2*H800", "85C_700G_4*H800", "170C_1400G_8*H800",
                "CPU_2C-内存_8G", "CPU_4C-内存_16G", "CPU_8C-内存_16G", "CPU_8C-内存_32G");
    }

    @Test
    void aFlavorOfferedByTwoSpecsAppearsOnce()
    {
        Catalog.NodeSpec sameH800 = new Catalog.NodeSpec("physical.h8ne.5xlarge9", NodeType.PHYSICAL, "H800", "nvidia", 8, 192, 2048, 170, 1400);

        assertThat(Flavors.of(List.of(H800, sameH800))).hasSize(8);
    }
}
