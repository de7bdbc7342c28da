package io.meridian.server.settings.internal;

import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.iam.TenantSummary;
import io.meridian.server.platform.bootstrap.FirstStartStep;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The embedded install has one tenant and one shared default cluster, which cannot take quotas: without this, a new
 * workspace of that tenant has no capacity until an administrator creates a dedicated cluster, binds nodes, creates a
 * quota and associates it (issue 11). So when the first start finds a single tenant, its default queues serve all of
 * its workspaces; an installation with several tenants keeps the spec's rule until their admins choose otherwise.
 */
@Component
class DefaultQueueSharingStep
        implements FirstStartStep
{
    private final SettingsRepository repository;
    private final TenantDirectory tenants;
    private final Clock clock;

    DefaultQueueSharingStep(SettingsRepository repository, TenantDirectory tenants, Clock clock)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String name()
    {
        return "settings.default-queue-sharing";
    }

    @Override
    public int order()
    {
        // after the first tenant (iam, 100) and its default queues (quota, 400)
        return 410;
    }

    @Override
    public void run()
    {
        List<TenantSummary> all = tenants.all();
        if (all.size() != 1) {
            return;
        }
        SettingsRepository.TenantSettings settings = repository.settings(all.getFirst().id());
        repository.saveSettings(settings.tenantId(), settings.maxConcurrentCards(), settings.maxCpuCores(), settings.initialParallelStorageGiB(), true,
                settings.version(), clock.instant());
    }
}
