package io.meridian.server.runtime;

import io.meridian.executor.FaultDomain;

/**
 * Whose fault a failed instance's failure was, which decides what recovery does (001-A §6.8): the program's own
 * ({@link #INSTANCE}: restart where it ran), the node's ({@link #NODE}: cordon it and re-place the gang) or neither
 * known, because it stopped making progress ({@link #HANG}: the runtime failed it after the hang timeout).
 */
public enum InstanceFault
{
    INSTANCE,
    NODE,
    HANG;

    public static InstanceFault of(FaultDomain domain)
    {
        return switch (domain) {
            case INSTANCE -> INSTANCE;
            case NODE -> NODE;
        };
    }
}
