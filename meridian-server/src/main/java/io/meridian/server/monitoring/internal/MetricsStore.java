package io.meridian.server.monitoring.internal;

import io.meridian.server.monitoring.InstanceMetrics;
import io.meridian.server.monitoring.InstanceSample;
import io.meridian.server.monitoring.Metric;
import io.meridian.server.monitoring.MetricSeries;
import io.meridian.server.monitoring.MetricSeries.Point;
import io.meridian.server.monitoring.MetricSeries.Series;
import io.meridian.server.monitoring.Step;
import io.meridian.server.platform.api.FieldRules;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

@Service
class MetricsStore
        implements InstanceMetrics
{
    private final SampleRepository repository;

    MetricsStore(SampleRepository repository)
    {
        this.repository = requireNonNull(repository, "repository is null");
    }

    @Override
    @Transactional
    public void record(List<InstanceSample> samples)
    {
        requireNonNull(samples, "samples is null").forEach(repository::insert);
    }

    @Override
    @Transactional(readOnly = true)
    public MetricSeries series(String tenantId, List<String> instanceIds, Metric metric, Instant from, Instant to, Step step)
    {
        requireNonNull(tenantId, "tenantId is null");
        List<String> instances = instanceIds == null ? List.of() : instanceIds.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .distinct()
                .toList();
        FieldRules rules = FieldRules.check()
                .required("instanceIds", instances)
                .rule(instances.size() <= MAX_INSTANCES, "instanceIds", "monitoring.instances.max", MAX_INSTANCES)
                .required("metric", metric)
                .required("from", from)
                .required("to", to)
                .required("step", step);
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                rules.violate("to", "monitoring.range");
            }
            else if (step != null && Duration.between(from, to).compareTo(step.maxSpan()) > 0) {
                rules.violate("to", "monitoring.span." + step.name().toLowerCase(Locale.ROOT));
            }
        }
        rules.throwIfAny();

        long stepSeconds = step.length().toSeconds();
        // a chart's first point is the whole step the range starts in
        long fromSecond = Math.floorDiv(from.getEpochSecond(), stepSeconds) * stepSeconds;
        long toSecond = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        List<SampleRepository.StepValue> values = repository.steps(tenantId, instances, metric, fromSecond, toSecond, stepSeconds, metric == Metric.NPU_HEALTH);

        Series job = metric.aggregation() == Metric.Aggregation.SUM
                ? Series.of(null, null, repository.jobTotals(tenantId, instances, metric, fromSecond, toSecond, stepSeconds).stream()
                        .map(total -> new Point(Instant.ofEpochSecond(total.second()), total.value()))
                        .toList())
                : jobAverages(metric, values);
        return new MetricSeries(metric, metric.unit(), metric.aggregation(), step, from, to, instanceSeries(instances, metric, values), job);
    }

    /**
     * A series per instance in the order asked for (per card for card metrics, cards by index); an instance without
     * samples still has its (empty) series for non-card metrics, so a chart's legend lists every instance of the job.
     */
    private static List<Series> instanceSeries(List<String> instanceIds, Metric metric, List<SampleRepository.StepValue> values)
    {
        Map<String, TreeMap<Integer, List<Point>>> byInstance = new LinkedHashMap<>();
        for (String instanceId : instanceIds) {
            byInstance.put(instanceId, new TreeMap<>());
        }
        for (SampleRepository.StepValue value : values) {
            // -1 keys the only series of a non-card metric; a TreeMap does not take null keys
            int device = value.device() == null ? -1 : value.device();
            byInstance.get(value.instanceId()).computeIfAbsent(device, key -> new ArrayList<>()).add(new Point(Instant.ofEpochSecond(value.second()), value.value()));
        }
        List<Series> series = new ArrayList<>();
        byInstance.forEach((instanceId, devices) -> {
            if (devices.isEmpty() && !metric.perDevice()) {
                series.add(Series.of(instanceId, null, List.of()));
            }
            devices.forEach((device, points) -> series.add(Series.of(instanceId, device < 0 ? null : device, points)));
        });
        return series;
    }

    /**
     * The job dimension of rates and percentages: per step, the average of the values the instances (or cards) have in
     * that step; a step where none has a value has no point. Amounts are summed per sample time instead
     * ({@link SampleRepository#jobTotals}).
     */
    private static Series jobAverages(Metric metric, List<SampleRepository.StepValue> values)
    {
        if (metric.aggregation() == Metric.Aggregation.NONE) {
            return null;
        }
        TreeMap<Long, List<Double>> bySecond = new TreeMap<>();
        for (SampleRepository.StepValue value : values) {
            bySecond.computeIfAbsent(value.second(), key -> new ArrayList<>()).add(value.value());
        }
        List<Point> points = new ArrayList<>();
        bySecond.forEach((second, stepValues) -> points.add(new Point(Instant.ofEpochSecond(second),
                stepValues.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
        return Series.of(null, null, points);
    }
}
