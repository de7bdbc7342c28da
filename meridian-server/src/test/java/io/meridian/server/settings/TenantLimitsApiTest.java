package io.meridian.server.settings;

import io.meridian.server.scheduling.ReasonCode;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.WorkloadStatus;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.SchedulingTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant limits set by the platform operator (运营后台) and checked by the scheduler at admission, on the embedded
 * default's shared cluster. Every test works in a tenant of its own; every workload it submits is released afterwards.
 */
class TenantLimitsApiTest
        extends SchedulingTestSupport
{
    @Autowired
    TenantLimits tenantLimits;

    @Test
    void aTenantWithoutALimitIsUnlimited()
    {
        Tenant tenant = newTenant();

        JsonNode limit = admin.get("/api/v1/settings/tenant-limits/" + tenant.id()).json();
        assertThat(limit.path("id").asString()).isEqualTo(tenant.id());
        assertThat(limit.path("limited").asBoolean()).isFalse();
        assertThat(limit.path("maxConcurrentCards").isNull()).isTrue();
        assertThat(limit.path("version").asLong()).isZero();
        assertThat(tenantLimits.limitsOf(tenant.id())).isEmpty();
    }

    @Test
    void theTenantCardLimitHoldsBackWorkThatWouldExceedIt()
    {
        Tenant tenant = newTenant();
        ApiClient.Response set = admin.put("/api/v1/settings/tenant-limits/" + tenant.id(), body("maxConcurrentCards", 8, "maxCpuCores", 10_000));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("maxConcurrentCards").asLong()).isEqualTo(8);
        assertThat(set.json().path("limited").asBoolean()).isTrue();
        assertThat(tenantLimits.limitsOf(tenant.id())).contains(new TenantLimit(8, 10_000));

        String eight = submit(tenant, "eight", 50, gpus("worker", 1, 8)).id();
        scheduler.runCycle();
        assertThat(scheduler.find(tenant.id(), eight).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);

        String sixteen = submit(tenant, "sixteen", 50, gpus("worker", 2, 8)).id();
        scheduler.runCycle();
        ScheduledWorkload waiting = scheduler.find(tenant.id(), sixteen).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.TENANT_CARD_LIMIT);
        assertThat(waiting.reason().requested()).isEqualTo(16);
        assertThat(waiting.reason().available()).isZero();
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads/" + sixteen).json().path("reason").path("message").asString())
                .isEqualTo("The tenant card limit is reached: needs 16 cards, 0 left. Position 1 in default.");
        assertThat(tenant.admin().inLanguage("zh-CN").get("/api/v1/scheduling/workloads/" + sixteen).json().path("reason").path("message").asString())
                .isEqualTo("已达到租户卡数上限：需要 16 卡，剩余 0 卡。在 default 中排队第 1 位。");

        assertThat(admin.delete("/api/v1/settings/tenant-limits/" + tenant.id()).status()).isEqualTo(204);
        scheduler.runCycle();
        assertThat(tenantLimits.limitsOf(tenant.id())).isEmpty();
        assertThat(admin.get("/api/v1/settings/tenant-limits/" + tenant.id()).json().path("limited").asBoolean()).isFalse();
        ScheduledWorkload unlimited = scheduler.find(tenant.id(), sixteen).orElseThrow();
        if (unlimited.status() == WorkloadStatus.PENDING) {
            assertThat(unlimited.reason().code()).as("the limit is gone; only capacity can hold it back").isNotEqualTo(ReasonCode.TENANT_CARD_LIMIT);
        }
    }

    @Test
    void theTenantCpuLimitHoldsBackWorkInBothLanguages()
    {
        Tenant tenant = newTenant();
        assertThat(admin.put("/api/v1/settings/tenant-limits/" + tenant.id(), body("maxConcurrentCards", 10_000, "maxCpuCores", 3)).status()).isEqualTo(200);

        String work = submit(tenant, "cores", 50, gpus("worker", 1, 1)).id();
        scheduler.runCycle();

        ScheduledWorkload waiting = scheduler.find(tenant.id(), work).orElseThrow();
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.TENANT_CPU_LIMIT);
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads/" + work).json().path("reason").path("message").asString())
                .isEqualTo("The tenant CPU limit is reached: needs 4 cores, 3 left. Position 1 in default.");
        assertThat(tenant.admin().inLanguage("zh-CN").get("/api/v1/scheduling/workloads/" + work).json().path("reason").path("message").asString())
                .isEqualTo("已达到租户 CPU 上限：需要 4 核，剩余 3 核。在 default 中排队第 1 位。");
    }

    @Test
    void onlyThePlatformOperatorSetsTenantLimits()
    {
        Tenant tenant = newTenant();

        assertThat(tenant.admin().put("/api/v1/settings/tenant-limits/" + tenant.id(), body("maxConcurrentCards", 100_000, "maxCpuCores", 100_000)).status())
                .isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/settings/tenant-limits/" + tenant.id()).status()).isEqualTo(403);
        assertThat(tenant.admin().delete("/api/v1/settings/tenant-limits/" + tenant.id()).status()).isEqualTo(403);
        assertThat(tenantLimits.limitsOf(tenant.id())).isEmpty();
    }

    @Test
    void anUnknownTenantIsNotFound()
    {
        assertThat(admin.get("/api/v1/settings/tenant-limits/no-such-tenant").status()).isEqualTo(404);
        assertThat(admin.put("/api/v1/settings/tenant-limits/no-such-tenant", body("maxConcurrentCards", 8, "maxCpuCores", 8)).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/settings/tenant-limits/no-such-tenant").status()).isEqualTo(404);
    }

    @Test
    void limitsAreWholeNumbersInRangeAndChangesNeedTheVersion()
    {
        Tenant tenant = newTenant();
        String path = "/api/v1/settings/tenant-limits/" + tenant.id();

        ApiClient.Response invalid = admin.put(path, body("maxConcurrentCards", -1, "maxCpuCores", 1_000_001));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.fieldErrors()).containsExactlyInAnyOrder("maxConcurrentCards:validation.range", "maxCpuCores:validation.range");
        assertThat(invalid.json().path("errors").get(0).path("message").asString()).startsWith("Use a whole number from 0 to 1");
        ApiClient.Response chinese = admin.inLanguage("zh-CN").put(path, body("maxConcurrentCards", -1, "maxCpuCores", 8));
        assertThat(chinese.fieldErrors()).containsExactly("maxConcurrentCards:validation.range");
        assertThat(chinese.json().path("errors").get(0).path("message").asString()).startsWith("请输入 0~1").endsWith("之间的整数。");
        assertThat(admin.put(path, body("maxCpuCores", 8)).fieldErrors()).containsExactly("maxConcurrentCards:validation.required");
        assertThat(tenantLimits.limitsOf(tenant.id())).isEmpty();

        ApiClient.Response created = admin.put(path, body("maxConcurrentCards", 16, "maxCpuCores", 64));
        assertThat(created.status()).isEqualTo(200);
        long version = created.json().path("version").asLong();
        assertThat(admin.put(path, body("maxConcurrentCards", 32, "maxCpuCores", 64)).fieldErrors()).containsExactly("version:validation.required");
        assertThat(admin.put(path, body("maxConcurrentCards", 32, "maxCpuCores", 64, "version", version + 1)).status()).isEqualTo(409);
        ApiClient.Response changed = admin.put(path, body("maxConcurrentCards", 32, "maxCpuCores", 64, "version", version));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("version").asLong()).isEqualTo(version + 1);
        assertThat(tenantLimits.limitsOf(tenant.id())).contains(new TenantLimit(32, 64));
    }
}
