package io.meridian.server.resource;

/** A node's resource status: READY takes work, CORDONED keeps its work but takes no new work. */
public enum NodeStatus
{
    READY, NOT_READY, CORDONED
}
