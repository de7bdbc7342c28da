package io.meridian.server.resource.internal;

import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.iam.TenantSummary;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.ResourceGroupType;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The resource-group quota (资源组配额, 002 §4.2.1.1): a tenant holds at most {@value #DEFAULT_LIMIT} dedicated clusters
 * of each type per region unless the platform operator sets another limit, 1..{@value #MAX_LIMIT}. The spec raises it by
 * ticket (工单); there is no ticket flow, so the operator stands in for the ticket's approver. The shared default clusters
 * belong to no tenant and do not count.
 */
@Service
class ClusterQuotaService
{
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;
    private static final String RESOURCE = "cluster-quota";

    private final ClusterQuotaRepository quotas;
    private final ClusterRepository clusters;
    private final RegionRepository regions;
    private final TenantDirectory tenants;
    private final MessageSource messages;
    private final Clock clock;

    ClusterQuotaService(ClusterQuotaRepository quotas, ClusterRepository clusters, RegionRepository regions, TenantDirectory tenants,
            MessageSource messages, Clock clock)
    {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.regions = requireNonNull(regions, "regions is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One type's quota: {@code remaining} is what the tenant may still create (never negative). */
    record TypeQuota(ResourceGroupType type, int limit, long used, long remaining) {}

    /** A tenant's quota in a region; {@code custom} when the operator set it, {@code version} 0 and no time while default. */
    record QuotaView(String tenantId, String regionId, List<TypeQuota> quotas, boolean custom, Instant updatedAt, long version) {}

    record QuotaChange(Long standard, Long extended, Long version) {}

    /** The caller's own tenant's quota in the region; for admins, who are the ones creating clusters. */
    QuotaView ownQuota(Principal caller, String regionId)
    {
        ResourceAccess.requireAdmin(caller);
        if (regionId == null || regionId.isBlank()) {
            throw ApiException.badParameter("regionId", "validation.required");
        }
        return view(caller.tenantId(), requireRegion(regionId).id());
    }

    QuotaView quota(Principal caller, String regionId, String tenantId)
    {
        ResourceAccess.requireOperator(caller);
        RegionRepository.RegionRecord region = requireRegion(regionId);
        return view(requireTenant(tenantId).id(), region.id());
    }

    /**
     * Sets a tenant's limits in a region. A first change needs no version, a later one the version it was read at. A limit
     * below the clusters the tenant holds is refused: it would leave the tenant over its quota.
     */
    @Transactional
    QuotaView update(Principal caller, String regionId, String tenantId, QuotaChange change)
    {
        ResourceAccess.requireOperator(caller);
        RegionRepository.RegionRecord region = requireRegion(regionId);
        TenantSummary tenant = requireTenant(tenantId);
        // Counted under the same lock as cluster creation, so that no create slips in between the count and the change.
        regions.lock(region.id());
        Optional<ClusterQuotaRepository.QuotaRecord> existing = quotas.find(tenant.id(), region.id());
        FieldRules.check()
                .range("standard", change.standard(), 1, MAX_LIMIT)
                .range("extended", change.extended(), 1, MAX_LIMIT)
                .rule(existing.isEmpty() || change.version() != null, "version", "validation.required")
                .throwIfAny();
        int standard = change.standard().intValue();
        int extended = change.extended().intValue();
        requireNotBelowHeld(tenant.id(), region, ResourceGroupType.STANDARD, standard);
        requireNotBelowHeld(tenant.id(), region, ResourceGroupType.EXTENDED, extended);
        Instant now = clock.instant();
        if (existing.isEmpty()) {
            try {
                quotas.insert(tenant.id(), region.id(), standard, extended, now);
            }
            catch (DuplicateKeyException e) {
                throw ApiException.staleVersion(RESOURCE, tenant.id());
            }
        }
        else if (quotas.update(tenant.id(), region.id(), standard, extended, change.version(), now) == 0) {
            throw ApiException.staleVersion(RESOURCE, tenant.id());
        }
        return view(tenant.id(), region.id());
    }

    /**
     * Refuses a dedicated cluster the tenant has no quota left for. The caller holds the region's lock
     * ({@link RegionRepository#lock}) in the transaction that inserts the cluster, so concurrent creates count one by one.
     */
    void requireRoom(String tenantId, RegionRepository.RegionRecord region, ResourceGroupType type)
    {
        int limit = limit(quotas.find(tenantId, region.id()), type);
        if (clusters.countDedicated(tenantId, region.id(), type) >= limit) {
            throw ApiException.conflict("resource.cluster.quota-exceeded", typeName(type), region.name(), limit);
        }
    }

    private void requireNotBelowHeld(String tenantId, RegionRepository.RegionRecord region, ResourceGroupType type, int limit)
    {
        long held = clusters.countDedicated(tenantId, region.id(), type);
        if (limit < held) {
            throw ApiException.conflict("resource.cluster.quota-below-held", typeName(type), region.name(), held, limit);
        }
    }

    private QuotaView view(String tenantId, String regionId)
    {
        Optional<ClusterQuotaRepository.QuotaRecord> quota = quotas.find(tenantId, regionId);
        List<TypeQuota> types = Arrays.stream(ResourceGroupType.values())
                .map(type -> {
                    int limit = limit(quota, type);
                    long used = clusters.countDedicated(tenantId, regionId, type);
                    return new TypeQuota(type, limit, used, Math.max(0, limit - used));
                })
                .toList();
        return new QuotaView(tenantId, regionId, types, quota.isPresent(), quota.map(ClusterQuotaRepository.QuotaRecord::updatedAt).orElse(null),
                quota.map(ClusterQuotaRepository.QuotaRecord::version).orElse(0L));
    }

    private static int limit(Optional<ClusterQuotaRepository.QuotaRecord> quota, ResourceGroupType type)
    {
        return quota.map(row -> type == ResourceGroupType.STANDARD ? row.standardLimit() : row.extendedLimit()).orElse(DEFAULT_LIMIT);
    }

    /** "standard resource groups" / 标准资源组, for messages that name the type. */
    private String typeName(ResourceGroupType type)
    {
        return messages.getMessage("resource.group-type." + type.name(), null, LocaleContextHolder.getLocale());
    }

    private RegionRepository.RegionRecord requireRegion(String regionId)
    {
        return regions.find(regionId).orElseThrow(() -> ApiException.notFound("region", regionId));
    }

    private TenantSummary requireTenant(String tenantId)
    {
        return tenants.find(tenantId).orElseThrow(() -> ApiException.notFound("tenant", tenantId));
    }
}
