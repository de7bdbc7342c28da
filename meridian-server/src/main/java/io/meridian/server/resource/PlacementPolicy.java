package io.meridian.server.resource;

/** Where the scheduler prefers to put work: fill nodes up (BINPACK) or spread it over nodes (SPREAD). */
public enum PlacementPolicy
{
    BINPACK, SPREAD
}
