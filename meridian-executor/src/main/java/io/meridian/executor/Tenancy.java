package io.meridian.executor;

/**
 * Whom a workload's instances belong to, and the unprivileged identity they run as. Backends that run processes
 * (the local one) switch to {@code uid} (group {@code uid} too) before the workload's command starts; others map it
 * onto their own notion ({@code runAsUser} on Kubernetes). Numeric ids need no account on the host.
 *
 * @param tenantId the tenant whose workload this is; one uid per tenant keeps tenants' files apart
 * @param uid an unprivileged user id, never root or a system account
 */
public record Tenancy(String tenantId, int uid)
{
    /** Ids below this are system accounts on common distributions. */
    public static final int MIN_UID = 1000;
    /** Where the platform's tenant uids start ({@code 200000 + n}); far above the ranges distributions hand out. */
    public static final int BASE_UID = 200000;

    public Tenancy
    {
        Ids.check("tenant id", tenantId);
        if (uid < MIN_UID || uid == 65534 || uid >= Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("uid must be an unprivileged user id (>= " + MIN_UID + ", not nobody): " + uid);
        }
    }

    /** An installation's only tenant, for single-tenant callers (tests, benchmarks). */
    public static Tenancy single()
    {
        return new Tenancy("default", BASE_UID);
    }

    public String describe()
    {
        return "tenant " + tenantId + " (uid " + uid + ")";
    }
}
