package io.meridian.scheduler.admission;

/**
 * Stable codes of scheduling decisions; the server maps them to message keys ({@code scheduler.reason.*}) for
 * i18n, so existing codes must never be renamed.
 */
public enum ReasonCode
{
    /** The workload names no known queue or quota. Rejected. */
    UNKNOWN_POOL,
    /** The queue is stopped. Rejected. */
    QUEUE_STOPPED,
    /** The quota is stopped. Rejected. */
    QUOTA_STOPPED,
    /** The queue does not accept this workload type. Rejected. */
    WORKLOAD_TYPE_NOT_ALLOWED,
    /** The workload is larger than its queue or quota could ever hold. Rejected. */
    LARGER_THAN_POOL,
    /** The queue's remaining capacity is short. */
    QUEUE_CAPACITY_SHORT,
    /** The quota is short and borrowing is off. */
    QUOTA_SHORT,
    /** The quota is short and other quotas' idle capacity does not cover the gap. */
    QUOTA_SHORT_BORROW_EXHAUSTED,
    /** Lower-priority borrowers are being preempted to return the quota's capacity. */
    WAITING_FOR_PREEMPTION,
    USER_CARD_LIMIT,
    USER_CPU_LIMIT,
    TENANT_CARD_LIMIT,
    TENANT_CPU_LIMIT,
    /** A workload ahead in the same queue or quota waits; strict FIFO does not skip it. */
    BLOCKED_BY_HEAD,
    /** Admission passed but the gang does not fit on the nodes; {@code detail} names the binding constraint. */
    NO_NODE_FITS,
    /**
     * The cluster's gang reservation holds the nodes for a multi-instance gang ahead ({@code blockedBy}) that waits for
     * busy nodes; work of its priority or lower does not take them meanwhile.
     */
    BLOCKED_BY_GANG,
    /** Given to victims: preempted so that a higher-priority workload of the lender quota can run. */
    PREEMPTED_BY_LENDER,
    /**
     * Given to victims: preempted so that a quota below its weighted share of borrowed capacity ({@code pool}) can run
     * its workload ({@code detail}); the victim's quota keeps at least the same share.
     */
    PREEMPTED_FOR_FAIR_SHARING,
}
