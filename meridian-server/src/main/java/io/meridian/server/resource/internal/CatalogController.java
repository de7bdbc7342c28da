package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.SharedCardModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The device catalog, node specifications and flavors: reference data every signed-in user may read. */
@RestController
@RequestMapping("/api/v1")
class CatalogController
{
    private final Catalog catalog;
    private final ClusterService clusters;

    CatalogController(Catalog catalog, ClusterService clusters)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
    }

    /** A node specification with the flavors it can host. */
    record NodeSpecView(
            String id,
            NodeType category,
            String deviceModel,
            String vendor,
            int deviceCount,
            int cpuCores,
            int memoryGiB,
            int allocatableCpuCores,
            int allocatableMemoryGiB,
            List<String> flavors) {}

    @GetMapping("/device-models")
    PageResult<Catalog.DeviceModel> deviceModels(@RequestParam(required = false) String vendor, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size)
    {
        CurrentPrincipal.get();
        List<Catalog.DeviceModel> models = catalog.deviceModels().stream().filter(model -> vendor == null || model.vendor().equals(vendor)).toList();
        return PageResult.slice(models, PageRequest.of(page, size == null ? PageRequest.MAX_SIZE : size, null));
    }

    @GetMapping("/node-specs")
    PageResult<NodeSpecView> nodeSpecs(@RequestParam(required = false) String deviceModel, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size)
    {
        CurrentPrincipal.get();
        List<NodeSpecView> specs = catalog.nodeSpecs().stream()
                .filter(spec -> deviceModel == null || spec.deviceModel().equals(deviceModel))
                .map(spec -> new NodeSpecView(spec.id(), spec.category(), spec.deviceModel(), spec.vendor(), spec.deviceCount(), spec.cpuCores(),
                        spec.memoryGiB(), spec.allocatableCpuCores(), spec.allocatableMemoryGiB(),
                        Flavors.of(List.of(spec)).stream().filter(flavor -> flavor.cards() > 0).map(Flavor::name).toList()))
                .toList();
        return PageResult.slice(specs, PageRequest.of(page, size == null ? PageRequest.MAX_SIZE : size, null));
    }

    /** The flavors of a cluster the caller can see; a cluster it cannot see is not found. */
    @GetMapping("/flavors")
    PageResult<Flavor> flavors(@RequestParam String clusterId, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size)
    {
        clusters.visible(CurrentPrincipal.get(), clusterId);
        return PageResult.slice(clusters.flavors(clusterId), PageRequest.of(page, size == null ? PageRequest.MAX_SIZE : size, null));
    }

    /**
     * The card models of a cluster that shared cards (eGPU, 001-A §5.9) can be cut from, with one physical card's memory,
     * cores and memory share: what the training form's 自定义分配 table shows. Empty on a cluster without NVIDIA cards.
     */
    @GetMapping("/flavors/shared-cards")
    List<SharedCardModel> sharedCards(@RequestParam String clusterId)
    {
        clusters.visible(CurrentPrincipal.get(), clusterId);
        return clusters.sharedCardModels(clusterId);
    }
}
