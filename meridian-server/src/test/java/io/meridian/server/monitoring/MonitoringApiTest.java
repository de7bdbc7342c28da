package io.meridian.server.monitoring;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Monitoring series as charts read them: downsampled per step, the job aggregated over its instances, statistics over
 * the plotted points, the span limits of each precision, and only the caller's tenant's samples.
 */
final class MonitoringApiTest
        extends ApiTestSupport
{
    private static final String PASSWORD = "Xx-Passw0rd";

    @Autowired
    InstanceMetrics metrics;

    private String tenantId;
    // two days ago at midnight UTC: within the retention, clear of the present
    private final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    @BeforeEach
    void tenant()
    {
        tenantId = admin.get("/api/v1/me").text("tenantId");
    }

    @Test
    void statisticsAreTakenOverThePlottedPoints()
    {
        String instance = unique("stats-");
        List<InstanceSample> samples = new ArrayList<>();
        double[] cores = {4, 1, 10, 3, 2};
        for (int minute = 0; minute < cores.length; minute++) {
            samples.add(cpu(instance, day.plus(Duration.ofMinutes(minute)), cores[minute]));
        }
        metrics.record(samples);

        JsonNode series = series(admin, List.of(instance), "CPU_USAGE", day, day.plus(Duration.ofHours(1)), "MINUTE");
        JsonNode only = series.path("instances").get(0);
        assertThat(only.path("instanceId").asString()).isEqualTo(instance);
        assertThat(values(only)).containsExactly(4.0, 1.0, 10.0, 3.0, 2.0);
        assertThat(times(only)).containsExactly(day.toString(), day.plusSeconds(60).toString(), day.plusSeconds(120).toString(),
                day.plusSeconds(180).toString(), day.plusSeconds(240).toString());
        JsonNode statistics = only.path("statistics");
        assertThat(statistics.path("max").asDouble()).isEqualTo(10.0);
        assertThat(statistics.path("min").asDouble()).isEqualTo(1.0);
        assertThat(statistics.path("avg").asDouble()).isEqualTo(4.0);
        assertThat(statistics.path("median").asDouble()).isEqualTo(3.0);
        assertThat(statistics.path("p75").asDouble()).isEqualTo(4.0);

        // an even count: the median is the mean of the middle two, P75 interpolates between its nearest ranks
        JsonNode four = series(admin, List.of(instance), "CPU_USAGE", day, day.plus(Duration.ofMinutes(4)), "MINUTE").path("instances").get(0);
        assertThat(values(four)).containsExactly(4.0, 1.0, 10.0, 3.0);
        assertThat(four.path("statistics").path("median").asDouble()).isEqualTo(3.5);
        assertThat(four.path("statistics").path("p75").asDouble()).isCloseTo(5.5, within(1e-9));
        assertThat(four.path("statistics").path("avg").asDouble()).isEqualTo(4.5);
    }

    @Test
    void eachStepAveragesTheSamplesWithinIt()
    {
        String instance = unique("down-");
        Instant hour = day.plus(Duration.ofHours(5));
        // a sampler's 15-second samples: 1, 2, 3, 6 in the first minute, 10 and 20 in the second
        metrics.record(List.of(
                cpu(instance, hour, 1), cpu(instance, hour.plusSeconds(15), 2), cpu(instance, hour.plusSeconds(30), 3), cpu(instance, hour.plusSeconds(45), 6),
                cpu(instance, hour.plusSeconds(60), 10), cpu(instance, hour.plusSeconds(75), 20),
                cpu(instance, hour.plus(Duration.ofHours(1)), 7)));

        JsonNode minutes = series(admin, List.of(instance), "CPU_USAGE", hour, hour.plus(Duration.ofHours(2)), "MINUTE").path("instances").get(0);
        assertThat(values(minutes)).containsExactly(3.0, 15.0, 7.0);

        JsonNode hours = series(admin, List.of(instance), "CPU_USAGE", day, day.plus(Duration.ofDays(1)), "HOUR").path("instances").get(0);
        assertThat(times(hours)).containsExactly(hour.toString(), hour.plus(Duration.ofHours(1)).toString());
        // every sample of the hour counts once: (1 + 2 + 3 + 6 + 10 + 20) / 6
        assertThat(values(hours)).containsExactly(7.0, 7.0);

        JsonNode days = series(admin, List.of(instance), "CPU_USAGE", day.minus(Duration.ofDays(3)), day.plus(Duration.ofDays(1)), "DAY").path("instances").get(0);
        assertThat(times(days)).containsExactly(day.toString());
        assertThat(values(days)).containsExactly(7.0);

        // a range starting within a step plots that whole step
        JsonNode fromMidMinute = series(admin, List.of(instance), "CPU_USAGE", hour.plusSeconds(20), hour.plusSeconds(61), "MINUTE").path("instances").get(0);
        assertThat(values(fromMidMinute)).containsExactly(3.0, 10.0);
    }

    @Test
    void theJobAveragesRatesAndPercentagesAndSumsAmounts()
    {
        String first = unique("job-a-");
        String second = unique("job-b-");
        Instant minute = day.plus(Duration.ofHours(8));
        metrics.record(List.of(
                sample(first, minute, 1.0, 50.0, 1_000L, 10.0, List.of()),
                sample(second, minute, 3.0, 20.0, 3_000L, 30.0, List.of()),
                // only the first instance runs in the next minute
                sample(first, minute.plusSeconds(60), 2.0, 40.0, 2_000L, 20.0, List.of())));
        Instant to = minute.plus(Duration.ofMinutes(10));

        JsonNode cores = series(admin, List.of(first, second), "CPU_USAGE", minute, to, "MINUTE");
        assertThat(cores.path("aggregation").asString()).isEqualTo("SUM");
        assertThat(cores.path("unit").asString()).isEqualTo("CORES");
        assertThat(values(cores.path("job"))).containsExactly(4.0, 2.0);
        assertThat(cores.path("job").path("statistics").path("max").asDouble()).isEqualTo(4.0);

        JsonNode utilization = series(admin, List.of(first, second), "CPU_UTILIZATION", minute, to, "MINUTE");
        assertThat(utilization.path("aggregation").asString()).isEqualTo("AVERAGE");
        assertThat(values(utilization.path("job"))).containsExactly(35.0, 40.0);

        assertThat(values(series(admin, List.of(first, second), "MEMORY_USAGE", minute, to, "MINUTE").path("job"))).containsExactly(4_000.0, 2_000.0);
        assertThat(values(series(admin, List.of(first, second), "MEMORY_UTILIZATION", minute, to, "MINUTE").path("job"))).containsExactly(20.0, 20.0);
        // throughput is a rate: averaged
        assertThat(values(series(admin, List.of(first, second), "DISK_WRITE_THROUGHPUT", minute, to, "MINUTE").path("job"))).containsExactly(2_000.0, 2_000.0);

        // per instance, in the order asked for
        JsonNode instances = cores.path("instances");
        assertThat(instances.get(0).path("instanceId").asString()).isEqualTo(first);
        assertThat(values(instances.get(0))).containsExactly(1.0, 2.0);
        assertThat(instances.get(1).path("instanceId").asString()).isEqualTo(second);
        assertThat(values(instances.get(1))).containsExactly(3.0);
    }

    @Test
    void instancesThatRanOneAfterTheOtherAreNotAddedUpAsIfTogether()
    {
        // attempt 1 of a run ends within the minute and attempt 2 takes over: the job never held both at once
        String attempt1 = unique("attempt-1-");
        String attempt2 = unique("attempt-2-");
        Instant minute = day.plus(Duration.ofHours(14));
        metrics.record(List.of(sample(attempt1, minute, 1.0, 10.0, 1_000L, 10.0, List.of())));
        metrics.record(List.of(sample(attempt1, minute.plusSeconds(15), 1.0, 10.0, 1_000L, 10.0, List.of())));
        metrics.record(List.of(sample(attempt2, minute.plusSeconds(30), 3.0, 30.0, 3_000L, 30.0, List.of())));
        metrics.record(List.of(sample(attempt2, minute.plusSeconds(45), 3.0, 30.0, 3_000L, 30.0, List.of())));
        Instant to = minute.plus(Duration.ofMinutes(5));

        JsonNode memory = series(admin, List.of(attempt1, attempt2), "MEMORY_USAGE", minute, to, "MINUTE");
        assertThat(values(memory.path("instances").get(0))).containsExactly(1_000.0);
        assertThat(values(memory.path("instances").get(1))).containsExactly(3_000.0);
        assertThat(values(memory.path("job"))).as("the average over the minute's sample times of what ran at each").containsExactly(2_000.0);
        assertThat(values(series(admin, List.of(attempt1, attempt2), "CPU_USAGE", minute, to, "MINUTE").path("job"))).containsExactly(2.0);
        assertThat(values(series(admin, List.of(attempt1, attempt2), "CPU_UTILIZATION", minute, to, "MINUTE").path("job"))).containsExactly(20.0);
    }

    @Test
    void cardMetricsHaveASeriesPerCardAndTemperaturePowerAndHealthHaveNoJobDimension()
    {
        String first = unique("cards-a-");
        String second = unique("cards-b-");
        Instant minute = day.plus(Duration.ofHours(10));
        metrics.record(List.of(
                sample(first, minute, 1.0, 10.0, 1L, 1.0, List.of(card(0, 80.0, 30_000L, 60.0, true), card(1, 40.0, 10_000L, 50.0, true))),
                sample(second, minute, 1.0, 10.0, 1L, 1.0, List.of(card(0, 30.0, 20_000L, 70.0, true))),
                // an unhealthy moment within the second minute makes the whole step 0
                sample(first, minute.plusSeconds(60), 1.0, 10.0, 1L, 1.0, List.of(card(0, 80.0, 30_000L, 60.0, true))),
                sample(first, minute.plusSeconds(75), 1.0, 10.0, 1L, 1.0, List.of(card(0, 80.0, 30_000L, 64.0, false)))));
        Instant to = minute.plus(Duration.ofMinutes(5));

        JsonNode utilization = series(admin, List.of(first, second), "DEVICE_UTILIZATION", minute, to, "MINUTE");
        JsonNode cards = utilization.path("instances");
        assertThat(cards).hasSize(3);
        assertThat(cards.get(0).path("instanceId").asString()).isEqualTo(first);
        assertThat(cards.get(0).path("device").asInt()).isEqualTo(0);
        assertThat(cards.get(1).path("device").asInt()).isEqualTo(1);
        assertThat(cards.get(2).path("instanceId").asString()).isEqualTo(second);
        // all cards of the job averaged: (80 + 40 + 30) / 3, then only card 0 of the first instance
        assertThat(values(utilization.path("job"))).containsExactly(50.0, 80.0);

        assertThat(values(series(admin, List.of(first, second), "DEVICE_MEMORY_USAGE", minute, to, "MINUTE").path("job"))).containsExactly(60_000.0, 30_000.0);

        JsonNode temperature = series(admin, List.of(first, second), "DEVICE_TEMPERATURE", minute, to, "MINUTE");
        assertThat(temperature.path("job").isNull()).isTrue();
        assertThat(temperature.path("aggregation").asString()).isEqualTo("NONE");
        assertThat(values(temperature.path("instances").get(0))).containsExactly(60.0, 62.0);

        JsonNode health = series(admin, List.of(first), "NPU_HEALTH", minute, to, "MINUTE");
        assertThat(health.path("job").isNull()).isTrue();
        assertThat(values(health.path("instances").get(0))).containsExactly(1.0, 0.0);
        assertThat(values(health.path("instances").get(1))).containsExactly(1.0);
    }

    @Test
    void dcgmFineGrainedMetricsAreKeptPerCardInTheirUnitsAndAveragedOverTheJob()
    {
        String gpu = unique("dcgm-");
        Instant minute = day.plus(Duration.ofHours(11));
        metrics.record(List.of(sample(gpu, minute, 1.0, 10.0, 1L, 1.0, List.of(
                nvidia(0, Map.of(Metric.GPU_SM_ACTIVE, 0.802, Metric.GPU_APP_SM_CLOCK, 1410.0, Metric.GPU_PCIE_TRANSMIT, 1_273_940_123.0,
                        Metric.GPU_MEMORY_BANDWIDTH_UTILIZATION, 23.0)),
                // an L40S has no FP64 pipe: DCGM says N/A, which stays absent
                nvidia(1, Map.of(Metric.GPU_SM_ACTIVE, 0.2, Metric.GPU_APP_SM_CLOCK, 2040.0))))));
        Instant to = minute.plus(Duration.ofMinutes(1));

        JsonNode smActive = series(admin, List.of(gpu), "GPU_SM_ACTIVE", minute, to, "MINUTE");
        assertThat(smActive.path("unit").asString()).isEqualTo("RATIO");
        assertThat(values(smActive.path("instances").get(0))).containsExactly(0.802);
        assertThat(values(smActive.path("instances").get(1))).containsExactly(0.2);
        assertThat(values(smActive.path("job"))).singleElement().satisfies(value -> assertThat(value).isCloseTo(0.501, within(1e-6)));

        assertThat(series(admin, List.of(gpu), "GPU_APP_SM_CLOCK", minute, to, "MINUTE").path("unit").asString()).isEqualTo("MEGAHERTZ");
        assertThat(values(series(admin, List.of(gpu), "GPU_PCIE_TRANSMIT", minute, to, "MINUTE").path("instances").get(0))).containsExactly(1_273_940_123.0);
        assertThat(values(series(admin, List.of(gpu), "GPU_MEMORY_BANDWIDTH_UTILIZATION", minute, to, "MINUTE").path("instances").get(0))).containsExactly(23.0);
        assertThat(values(series(admin, List.of(gpu), "GPU_FP64_PIPE_ACTIVE", minute, to, "MINUTE").path("job"))).isEmpty();
    }

    @Test
    void unknownValuesAreAbsentNotZero()
    {
        String instance = unique("unknown-");
        Instant minute = day.plus(Duration.ofHours(12));
        // a first reading: memory known, rates not yet
        metrics.record(List.of(new InstanceSample(tenantId, "job", instance, minute, null, null, 5_000L, null, null, null, null, null, List.of())));

        JsonNode cpu = series(admin, List.of(instance), "CPU_USAGE", minute, minute.plusSeconds(600), "MINUTE");
        assertThat(cpu.path("instances").get(0).path("points")).isEmpty();
        assertThat(cpu.path("instances").get(0).path("statistics").isNull()).isTrue();
        assertThat(cpu.path("job").path("points")).isEmpty();
        assertThat(series(admin, List.of(instance), "NETWORK_RECEIVE_THROUGHPUT", minute, minute.plusSeconds(600), "MINUTE").path("instances").get(0).path("points")).isEmpty();
        assertThat(values(series(admin, List.of(instance), "MEMORY_USAGE", minute, minute.plusSeconds(600), "MINUTE").path("instances").get(0))).containsExactly(5_000.0);
        // no cards, no card series
        assertThat(series(admin, List.of(instance), "DEVICE_UTILIZATION", minute, minute.plusSeconds(600), "MINUTE").path("instances")).isEmpty();
    }

    @Test
    void eachPrecisionLimitsTheSpanOfTheRange()
    {
        List<String> instance = List.of(unique("span-"));
        assertThat(query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(1)), "MINUTE").status()).isEqualTo(200);
        assertThat(query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(1)).plusSeconds(1), "MINUTE").fieldErrors()).containsExactly("to:monitoring.span.minute");
        assertThat(query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(7)), "HOUR").status()).isEqualTo(200);
        assertThat(query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(7)).plusSeconds(1), "HOUR").fieldErrors()).containsExactly("to:monitoring.span.hour");
        assertThat(query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(31)), "DAY").status()).isEqualTo(200);
        ApiClient.Response tooLong = query(admin, instance, "CPU_USAGE", day, day.plus(Duration.ofDays(32)), "DAY");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("code")).isEqualTo("validation.failed");
        assertThat(tooLong.fieldErrors()).containsExactly("to:monitoring.span.day");
        assertThat(tooLong.json().path("errors").get(0).path("message").asString()).contains("31 days");
        assertThat(admin.inLanguage("zh-CN").get(path(instance, "CPU_USAGE", day, day.plus(Duration.ofDays(32)), "DAY")).json().path("errors").get(0).path("message").asString())
                .contains("31天");

        assertThat(query(admin, instance, "CPU_USAGE", day, day, "MINUTE").fieldErrors()).containsExactly("to:monitoring.range");
        assertThat(admin.get("/api/v1/monitoring/series").fieldErrors())
                .containsExactlyInAnyOrder("instanceIds:validation.required", "metric:validation.required", "from:validation.required", "to:validation.required", "step:validation.required");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= InstanceMetrics.MAX_INSTANCES; i++) {
            tooMany.add("i" + i);
        }
        assertThat(query(admin, tooMany, "CPU_USAGE", day, day.plusSeconds(60), "MINUTE").fieldErrors()).containsExactly("instanceIds:monitoring.instances.max");
        assertThat(query(admin, instance, "CPU_SPEED", day, day.plusSeconds(60), "MINUTE").status()).isEqualTo(400);
    }

    @Test
    void samplesOfAnotherTenantAreNeverReturned()
    {
        String tenantName = unique("montenant");
        String adminName = unique("monadmin");
        ApiClient.Response created = admin.post("/api/v1/tenants", body("name", tenantName, "adminUsername", adminName, "adminPassword", PASSWORD));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        ApiClient otherAdmin = loginAs(adminName, PASSWORD);
        String otherTenant = otherAdmin.get("/api/v1/me").text("tenantId");
        assertThat(otherTenant).isNotEqualTo(tenantId);

        String instance = unique("isolated-");
        Instant minute = day.plus(Duration.ofHours(15));
        metrics.record(List.of(new InstanceSample(otherTenant, "job", instance, minute, 2.0, 50.0, 1_000L, 1.0, null, null, null, null, List.of())));

        JsonNode own = series(otherAdmin, List.of(instance), "CPU_USAGE", minute, minute.plusSeconds(600), "MINUTE");
        assertThat(values(own.path("instances").get(0))).containsExactly(2.0);
        // the operator's tenant asks for the same instance id: nothing, not even that it exists
        JsonNode foreign = series(admin, List.of(instance), "CPU_USAGE", minute, minute.plusSeconds(600), "MINUTE");
        assertThat(foreign.path("instances").get(0).path("points")).isEmpty();
        assertThat(foreign.path("job").path("points")).isEmpty();
        assertThat(metrics.series(tenantId, List.of(instance), Metric.CPU_USAGE, minute, minute.plusSeconds(600), Step.MINUTE).instances().getFirst().points()).isEmpty();

        // ordinary users have no access to the raw API
        String username = unique("monuser");
        assertThat(otherAdmin.post("/api/v1/users", body("username", username, "password", PASSWORD)).status()).isEqualTo(201);
        assertThat(loginAs(username, PASSWORD).get(path(List.of(instance), "CPU_USAGE", minute, minute.plusSeconds(600), "MINUTE")).status()).isEqualTo(403);
    }

    // Fixtures

    private InstanceSample cpu(String instanceId, Instant time, double cores)
    {
        return new InstanceSample(tenantId, "job", instanceId, time, cores, null, null, null, null, null, null, null, List.of());
    }

    private InstanceSample sample(String instanceId, Instant time, double cores, double cpuPercent, long memory, double memoryPercent, List<DeviceSample> devices)
    {
        return new InstanceSample(tenantId, "job", instanceId, time, cores, cpuPercent, memory, memoryPercent, null, (double) memory, null, null, devices);
    }

    private static DeviceSample card(int index, double utilization, long memoryUsed, double temperature, boolean healthy)
    {
        return new DeviceSample(index, "ASCEND", utilization, memoryUsed, 50.0, temperature, 200.0, healthy);
    }

    private static DeviceSample nvidia(int index, Map<Metric, Double> fineGrained)
    {
        return new DeviceSample(index, "NVIDIA", 90.0, 1L, 1.0, 60.0, 300.0, null, fineGrained);
    }

    private static JsonNode series(ApiClient client, List<String> instanceIds, String metric, Instant from, Instant to, String step)
    {
        ApiClient.Response response = query(client, instanceIds, metric, from, to, step);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static ApiClient.Response query(ApiClient client, List<String> instanceIds, String metric, Instant from, Instant to, String step)
    {
        return client.get(path(instanceIds, metric, from, to, step));
    }

    private static String path(List<String> instanceIds, String metric, Instant from, Instant to, String step)
    {
        return "/api/v1/monitoring/series?instanceIds=" + String.join(",", instanceIds) + "&metric=" + metric + "&from=" + from + "&to=" + to + "&step=" + step;
    }

    private static List<Double> values(JsonNode series)
    {
        List<Double> values = new ArrayList<>();
        series.path("points").forEach(point -> values.add(point.path("value").asDouble()));
        return values;
    }

    private static List<String> times(JsonNode series)
    {
        List<String> times = new ArrayList<>();
        series.path("points").forEach(point -> times.add(point.path("time").asString()));
        return times;
    }
}
