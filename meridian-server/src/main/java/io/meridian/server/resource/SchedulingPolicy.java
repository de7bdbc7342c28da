package io.meridian.server.resource;

/** The scheduling policies an extended resource group may enable (002 §4.2.1.1); the scheduler honours each of them. */
public enum SchedulingPolicy
{
    DRF, BINPACK, GANG
}
