package io.meridian.server.scheduling;

/**
 * Why a workload waits, was rejected or was preempted: the scheduler library's codes, one for one. The REST views and
 * the stored reasons carry the name, which scripts match on, so a code is never renamed.
 */
public enum ReasonCode
{
    UNKNOWN_POOL,
    QUEUE_STOPPED,
    QUOTA_STOPPED,
    WORKLOAD_TYPE_NOT_ALLOWED,
    LARGER_THAN_POOL,
    QUEUE_CAPACITY_SHORT,
    QUOTA_SHORT,
    QUOTA_SHORT_BORROW_EXHAUSTED,
    WAITING_FOR_PREEMPTION,
    USER_CARD_LIMIT,
    USER_CPU_LIMIT,
    TENANT_CARD_LIMIT,
    TENANT_CPU_LIMIT,
    BLOCKED_BY_HEAD,
    NO_NODE_FITS,
    BLOCKED_BY_GANG,
    PREEMPTED_BY_LENDER,
    PREEMPTED_FOR_FAIR_SHARING;

    /** Given to a preempted workload: {@code detail} is the workload it made room for. */
    public boolean namesPreemptor()
    {
        return this == PREEMPTED_BY_LENDER || this == PREEMPTED_FOR_FAIR_SHARING;
    }

    /** User and tenant limits count whole cards and cores; every other amount is in milli-units and MiB. */
    public boolean countsWholeUnits()
    {
        return switch (this) {
            case USER_CARD_LIMIT, USER_CPU_LIMIT, TENANT_CARD_LIMIT, TENANT_CPU_LIMIT -> true;
            default -> false;
        };
    }
}
