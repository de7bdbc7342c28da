package io.meridian.executor.distributed;

/**
 * How a workload's instances cooperate, which decides the rendezvous environment they get.
 */
public enum Framework
{
    SINGLE,
    /**
     * Independent instances of one command (a plain job): each learns its index, the gang's size and every member's
     * address, in index order, and nothing framework-specific.
     */
    PLAIN,
    PYTORCH_DDP,
    PYTORCH_DEEPSPEED,
    TENSORFLOW_PS,
}
