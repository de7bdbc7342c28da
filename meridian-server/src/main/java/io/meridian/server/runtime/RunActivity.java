package io.meridian.server.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * What runs and what waits in some workspaces, and how many cards their instances held over time: the overview's
 * answers, from the runs and instances the runtime stores.
 *
 * @param running runs that hold resources (preparing, running, restarting, stopping)
 * @param queued runs waiting for resources (creating, queued)
 * @param cardsInUse cards the running instances hold now
 * @param cardTrend for each hour of the last day, oldest first, the last ending now: the most cards held at once in it
 * @param recent the newest runs, newest first
 */
public record RunActivity(int running, int queued, int cardsInUse, List<CardPoint> cardTrend, List<RunRecord> recent)
{
    public RunActivity
    {
        cardTrend = List.copyOf(cardTrend);
        recent = List.copyOf(recent);
    }

    /** The hours of the day before {@code now}, oldest first, and {@code now} last: 25 points. */
    public static List<Instant> hours(Instant now)
    {
        return IntStream.rangeClosed(0, 24).mapToObj(hour -> now.minus(Duration.ofHours(24 - hour))).toList();
    }

    public record CardPoint(Instant at, int cards)
    {
        public CardPoint
        {
            requireNonNull(at, "at is null");
        }
    }
}
