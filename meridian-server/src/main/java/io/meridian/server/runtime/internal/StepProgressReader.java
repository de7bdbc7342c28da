package io.meridian.server.runtime.internal;

import io.meridian.executor.MetricsStore;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.runtime.StepProgress;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Follows each instance's metrics file from where it last read, so that a run list can show every running run's step
 * and ETA without reading whole files on every refresh: a file is read once, then only what was appended since.
 * Bounded: the instances read least recently are forgotten first (and read again from the start if asked again).
 */
final class StepProgressReader
{
    private static final int MAX_INSTANCES = 4096;
    private static final int CHUNK = 1024 * 1024;

    private static final class Tracker
    {
        long offset;
        Long firstStep;
        double firstTime;
        long step;
        double time;
        Long totalSteps;
    }

    private final Map<String, Tracker> trackers = new LinkedHashMap<>(16, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tracker> eldest)
        {
            return size() > MAX_INSTANCES;
        }
    };

    /** The progress {@code instanceId} reported, if it reported a step; {@code running} whether an ETA still makes sense. */
    Optional<StepProgress> progress(MetricsStore metrics, String instanceId, boolean running)
    {
        Tracker tracker;
        synchronized (trackers) {
            tracker = trackers.computeIfAbsent(instanceId, id -> new Tracker());
        }
        synchronized (tracker) {
            try {
                while (true) {
                    MetricsStore.Chunk chunk = metrics.read(instanceId, tracker.offset, CHUNK);
                    chunk.lines().forEach(line -> take(tracker, line));
                    if (chunk.nextOffset() == tracker.offset) {
                        break;
                    }
                    tracker.offset = chunk.nextOffset();
                }
            }
            catch (NoSuchElementException e) {
                return Optional.empty();
            }
            if (tracker.firstStep == null) {
                return Optional.empty();
            }
            return Optional.of(StepProgress.of(tracker.firstStep, tracker.firstTime, tracker.step, tracker.time, tracker.totalSteps, running));
        }
    }

    private static void take(Tracker tracker, String line)
    {
        JsonNode json;
        try {
            json = Json.tree(line);
        }
        catch (RuntimeException e) {
            return;
        }
        if (!json.path("step").isNumber()) {
            return;
        }
        long step = json.path("step").asLong();
        double time = json.path("time").asDouble();
        if (tracker.firstStep == null) {
            tracker.firstStep = step;
            tracker.firstTime = time;
        }
        tracker.step = step;
        tracker.time = time;
        if (json.path(StepProgress.TOTAL_STEPS).isNumber()) {
            tracker.totalSteps = json.path(StepProgress.TOTAL_STEPS).asLong();
        }
    }
}
