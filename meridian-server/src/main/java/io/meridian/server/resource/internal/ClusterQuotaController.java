package io.meridian.server.resource.internal;

import io.meridian.server.platform.security.CurrentPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/** The resource-group quota: admins read their tenant's, the platform operator reads and sets any tenant's. */
@RestController
class ClusterQuotaController
{
    private final ClusterQuotaService quotas;

    ClusterQuotaController(ClusterQuotaService quotas)
    {
        this.quotas = requireNonNull(quotas, "quotas is null");
    }

    @GetMapping("/api/v1/clusters/quota")
    ClusterQuotaService.QuotaView ownQuota(@RequestParam(required = false) String regionId)
    {
        return quotas.ownQuota(CurrentPrincipal.get(), regionId);
    }

    @GetMapping("/api/v1/regions/{regionId}/cluster-quotas/{tenantId}")
    ClusterQuotaService.QuotaView quota(@PathVariable String regionId, @PathVariable String tenantId)
    {
        return quotas.quota(CurrentPrincipal.get(), regionId, tenantId);
    }

    @PutMapping("/api/v1/regions/{regionId}/cluster-quotas/{tenantId}")
    ClusterQuotaService.QuotaView update(@PathVariable String regionId, @PathVariable String tenantId, @RequestBody ClusterQuotaService.QuotaChange change)
    {
        return quotas.update(CurrentPrincipal.get(), regionId, tenantId, change);
    }
}
