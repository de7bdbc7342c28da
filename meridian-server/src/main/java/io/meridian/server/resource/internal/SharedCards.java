package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.SharedCardModel;
import io.meridian.server.resource.SharedCardSpec;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared-card (eGPU) flavors (001-A §5.9): which card models of a cluster they can be cut from, and whether a spec string
 * is one the cluster can host. NVIDIA models only; a model whose card memory the catalog does not know is not offered.
 */
final class SharedCards
{
    static final String VENDOR = "nvidia";

    private SharedCards() {}

    /** The NVIDIA models among {@code specs}, in catalog order of the specs' models, with the smallest per-card share of their nodes. */
    static List<SharedCardModel> models(Collection<Catalog.NodeSpec> specs, List<Catalog.DeviceModel> catalog)
    {
        Map<String, Integer> cardMemory = new LinkedHashMap<>();
        catalog.forEach(model -> cardMemory.put(model.model(), model.memoryGiB()));
        Map<String, SharedCardModel> models = new LinkedHashMap<>();
        specs.stream()
                .filter(spec -> VENDOR.equals(spec.vendor()) && spec.deviceCount() > 0 && cardMemory.getOrDefault(spec.deviceModel(), 0) > 0)
                .sorted(Comparator.comparing(Catalog.NodeSpec::deviceModel).thenComparing(Catalog.NodeSpec::id))
                .forEach(spec -> models.merge(spec.deviceModel(),
                        new SharedCardModel(spec.deviceModel(), spec.vendor(), cardMemory.get(spec.deviceModel()), spec.deviceCount(),
                                spec.allocatableCpuCores() / spec.deviceCount(), spec.allocatableMemoryGiB() / spec.deviceCount()),
                        (a, b) -> new SharedCardModel(a.deviceModel(), a.vendor(), a.cardMemoryGiB(), Math.max(a.cardsPerNode(), b.cardsPerNode()),
                                Math.min(a.cpuCoresPerCard(), b.cpuCoresPerCard()), Math.min(a.memoryGiBPerCard(), b.memoryGiBPerCard()))));
        return List.copyOf(models.values());
    }

    /** The flavor {@code text} names when it is a spec the cluster's models can host; empty otherwise. */
    static Optional<Flavor> flavor(String text, List<SharedCardModel> models)
    {
        if (!check(FieldRules.check(), "flavorName", text, models)) {
            return Optional.empty();
        }
        SharedCardSpec spec = SharedCardSpec.parse(text).orElseThrow();
        SharedCardModel model = model(models, spec.deviceModel()).orElseThrow();
        return Optional.of(new Flavor(spec.name(), spec.cards() * spec.cpuCores(), spec.cards() * spec.memoryGiB(), spec.deviceModel(), spec.cards(),
                model.milliFor(spec.cardMemoryGiB()), spec.cardMemoryGiB()));
    }

    /**
     * The rules of 001-A §5.9, each naming {@code field}: the spec string's form; an NVIDIA model of the cluster; virtual cards
     * 1..the cards of a node; card memory 1..the physical card's; cores and memory 1..one physical card's share. True when
     * none is broken.
     */
    static boolean check(FieldRules rules, String field, String text, List<SharedCardModel> models)
    {
        Optional<SharedCardSpec> parsed = SharedCardSpec.parse(text);
        if (parsed.isEmpty()) {
            rules.violate(field, "resource.shared-card.format", text);
            return false;
        }
        SharedCardSpec spec = parsed.get();
        Optional<SharedCardModel> found = model(models, spec.deviceModel());
        if (found.isEmpty()) {
            rules.violate(field, "resource.shared-card.model", spec.deviceModel());
            return false;
        }
        SharedCardModel model = found.get();
        boolean cards = spec.cards() >= 1 && spec.cards() <= model.cardsPerNode();
        boolean cardMemory = spec.cardMemoryGiB() >= 1 && spec.cardMemoryGiB() <= model.cardMemoryGiB();
        boolean cpu = spec.cpuCores() >= 1 && spec.cpuCores() <= model.cpuCoresPerCard();
        boolean memory = spec.memoryGiB() >= 1 && spec.memoryGiB() <= model.memoryGiBPerCard();
        rules.rule(cards, field, "resource.shared-card.cards", model.cardsPerNode())
                .rule(cardMemory, field, "resource.shared-card.card-memory", model.cardMemoryGiB())
                .rule(cpu, field, "resource.shared-card.cpu", model.cpuCoresPerCard())
                .rule(memory, field, "resource.shared-card.memory", model.memoryGiBPerCard());
        return cards && cardMemory && cpu && memory;
    }

    private static Optional<SharedCardModel> model(List<SharedCardModel> models, String deviceModel)
    {
        return models.stream().filter(model -> model.deviceModel().equals(deviceModel)).findFirst();
    }
}
