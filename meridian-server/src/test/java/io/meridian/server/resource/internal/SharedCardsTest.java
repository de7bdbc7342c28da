package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.SharedCardModel;
import io.meridian.server.resource.SharedCardSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared-card (eGPU) flavors, 001-A §5.9: the spec string, the recommended values and the validations. */
class SharedCardsTest
{
    private static final List<Catalog.DeviceModel> CATALOG = List.of(
            new Catalog.DeviceModel("A800", "nvidia", "NVIDIA A800 80GB", 80),
            new Catalog.DeviceModel("L40S", "nvidia", "NVIDIA L40S 48GB", 48),
            new Catalog.DeviceModel("910B", "ascend", "Ascend 910B 64GB", 64));
    private static final Catalog.NodeSpec L40S = new Catalog.NodeSpec("physical.h6ns.2xlarge11", NodeType.PHYSICAL, "L40S", "nvidia", 8, 96, 768, 88, 640);
    private static final Catalog.NodeSpec L40S_SMALL = new Catalog.NodeSpec("small", NodeType.CLOUD_HOST, "L40S", "nvidia", 2, 24, 128, 20, 120);
    private static final Catalog.NodeSpec ASCEND = new Catalog.NodeSpec("physical.acas910b.2xlarge1", NodeType.PHYSICAL, "910B", "ascend", 8, 192, 1536, 176, 1400);
    private static final List<SharedCardModel> MODELS = SharedCards.models(List.of(L40S, ASCEND), CATALOG);

    @Test
    void theSpecStringIsParsedAndPrintedExactlyAsTheSpecWritesIt()
    {
        SharedCardSpec spec = SharedCardSpec.parse("2*(L40s(eGPU)_5G_1C_8G)").orElseThrow();

        assertThat(spec).isEqualTo(new SharedCardSpec(2, "L40s", 5, 1, 8));
        assertThat(spec.name()).isEqualTo("2*(L40s(eGPU)_5G_1C_8G)");
        assertThat(SharedCardSpec.parse("02*(L40S(eGPU)_5G_1C_8G)")).as("one spelling per spec").isEmpty();
        assertThat(SharedCardSpec.parse("2*(L40S(eGPU)_5G_1C_8G) ")).isEmpty();
        assertThat(SharedCardSpec.parse("2*(L40S_5G_1C_8G)")).isEmpty();
        assertThat(SharedCardSpec.parse("14C_100G_1*A800")).isEmpty();
        assertThat(SharedCardSpec.looksShared("2*(L40S(eGPU)_xG)")).isTrue();
        assertThat(SharedCardSpec.looksShared("14C_100G_1*A800")).isFalse();
    }

    @Test
    void recommendedCoresAndMemoryAreThePhysicalCardsShareTimesTheMemoryShareRoundedDown()
    {
        // the spec's example: 9 cores and 79 GiB per 44 GiB card; 5 GiB → 9 × 5/44 = 1.02 → 1 and 79 × 5/44 = 8.98 → 8
        SharedCardModel example = new SharedCardModel("L40s", "nvidia", 44, 8, 9, 79);

        assertThat(example.recommendedCpuCores(5)).isEqualTo(1);
        assertThat(example.recommendedMemoryGiB(5)).isEqualTo(8);
        assertThat(example.recommendedCpuCores(44)).isEqualTo(9);
        assertThat(example.recommendedCpuCores(1)).as("never below one core").isEqualTo(1);
        assertThat(example.milliFor(5)).isEqualTo(113);
        assertThat(example.milliFor(44)).as("all of the card's memory: the most a share may hold").isEqualTo(999);
        assertThat(new SharedCardModel("H200", "nvidia", 141, 8, 10, 100).milliFor(1)).as("compute is sliced at 1% at least").isEqualTo(10);
    }

    @Test
    void onlyNvidiaModelsWithAKnownCardMemoryAreOfferedWithTheSmallestPerCardShareOfTheirNodes()
    {
        assertThat(MODELS).containsExactly(new SharedCardModel("L40S", "nvidia", 48, 8, 11, 80));
        assertThat(SharedCards.models(List.of(L40S, L40S_SMALL), CATALOG))
                .containsExactly(new SharedCardModel("L40S", "nvidia", 48, 8, 10, 60));
        assertThat(SharedCards.models(List.of(ASCEND), CATALOG)).isEmpty();
    }

    @Test
    void aValidSpecIsAFlavorWithTheInstancesTotalsAndEachCardsShare()
    {
        Flavor flavor = SharedCards.flavor("2*(L40S(eGPU)_5G_1C_8G)", MODELS).orElseThrow();

        assertThat(flavor).isEqualTo(new Flavor("2*(L40S(eGPU)_5G_1C_8G)", 2, 16, "L40S", 2, 104, 5));
        assertThat(SharedCards.flavor("2*(L40S(eGPU)_49G_1C_8G)", MODELS)).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamedOnTheField()
    {
        assertThat(violations("9*(L40S(eGPU)_49G_12C_81G)")).containsExactly(
                "flavorName:resource.shared-card.cards",
                "flavorName:resource.shared-card.card-memory",
                "flavorName:resource.shared-card.cpu",
                "flavorName:resource.shared-card.memory");
        assertThat(violations("0*(L40S(eGPU)_0G_0C_0G)")).hasSize(4);
        assertThat(violations("8*(L40S(eGPU)_48G_11C_80G)")).as("the largest values are allowed").isEmpty();
        assertThat(violations("1*(910B(eGPU)_5G_1C_8G)")).containsExactly("flavorName:resource.shared-card.model");
        assertThat(violations("1*(L40S(eGPU)_5G_1C)")).containsExactly("flavorName:resource.shared-card.format");
    }

    private static List<String> violations(String spec)
    {
        FieldRules rules = FieldRules.check();
        boolean holds = SharedCards.check(rules, "flavorName", spec, MODELS);
        try {
            rules.throwIfAny();
        }
        catch (ApiException e) {
            assertThat(holds).isFalse();
            return e.violations().stream().map(violation -> violation.field() + ":" + violation.code()).toList();
        }
        assertThat(holds).isTrue();
        return List.of();
    }
}
