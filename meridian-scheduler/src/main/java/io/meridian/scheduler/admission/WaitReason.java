package io.meridian.scheduler.admission;

import static java.util.Objects.requireNonNull;

/**
 * Why a workload is not running, in a structured form the console can render in any language.
 *
 * @param pool the queue or quota concerned
 * @param resource "gpu" (milli-cards), "cpu" (milli-cores), "memory" (MiB) or "" when not about an amount
 * @param requested how much the workload asks for of {@code resource} (cards / cores for user and tenant limits)
 * @param available how much is left of it
 * @param position 1-based position of the workload in its pool's order
 * @param blockedBy the workload at the head that blocks this one, "" otherwise
 * @param detail extra machine-readable detail, e.g. the {@link io.meridian.scheduler.placement.FitFailure} for
 * {@link ReasonCode#NO_NODE_FITS}
 */
public record WaitReason(ReasonCode code, String pool, String resource, long requested, long available, int position, String blockedBy, String detail)
{
    public WaitReason
    {
        requireNonNull(code, "code is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(resource, "resource is null");
        requireNonNull(blockedBy, "blockedBy is null");
        requireNonNull(detail, "detail is null");
    }

    static WaitReason of(ReasonCode code, String pool, int position)
    {
        return new WaitReason(code, pool, "", 0, 0, position, "", "");
    }

    static WaitReason shortOf(ReasonCode code, String pool, String resource, long requested, long available, int position)
    {
        return new WaitReason(code, pool, resource, requested, available, position, "", "");
    }

    /** Waits for another workload: the head of its pool, a gang holding the nodes. */
    static WaitReason behind(ReasonCode code, String pool, int position, String blockedBy)
    {
        return new WaitReason(code, pool, "", 0, 0, position, blockedBy, "");
    }

    /** A reason told by its detail alone: the refused workload type, the preempting workload. */
    static WaitReason detailed(ReasonCode code, String pool, int position, String detail)
    {
        return new WaitReason(code, pool, "", 0, 0, position, "", detail);
    }

    /** A user or tenant limit: {@code detail} names the user or tenant. */
    static WaitReason limit(ReasonCode code, String pool, String resource, long requested, long available, int position, String who)
    {
        return new WaitReason(code, pool, resource, requested, available, position, "", who);
    }

    /** Stable i18n message key. */
    public String messageKey()
    {
        return "scheduler.reason." + code.name().toLowerCase(java.util.Locale.ROOT);
    }
}
