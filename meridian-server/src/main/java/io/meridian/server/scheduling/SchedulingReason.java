package io.meridian.server.scheduling;

import static java.util.Objects.requireNonNull;

/**
 * Why a workload waits, was rejected or was preempted, structured so that any language can render it.
 *
 * @param code the scheduler's reason
 * @param poolId the queue or quota concerned
 * @param resource {@code gpu} (milli-cards), {@code cpu} (milli-cores), {@code memory} (MiB) or "" when not about an amount
 * @param requested how much the workload asks for of {@code resource}; for user limits whole cards or cores
 * @param available how much is left of it
 * @param position 1-based position in the pool's waiting order
 * @param blockedBy the waiting workload ahead that holds this one back, "" otherwise
 * @param detail machine-readable detail (the failing placement constraint, the user, the preempting workload)
 */
public record SchedulingReason(ReasonCode code, String poolId, String resource, long requested, long available, int position, String blockedBy,
        String detail)
{
    public SchedulingReason
    {
        requireNonNull(code, "code is null");
        poolId = poolId == null ? "" : poolId;
        resource = resource == null ? "" : resource;
        blockedBy = blockedBy == null ? "" : blockedBy;
        detail = detail == null ? "" : detail;
    }

    /** The message key of the reason in the scheduling bundle ({@code scheduling.reason.queue-capacity-short}). */
    public String messageKey()
    {
        return "scheduling.reason." + code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
