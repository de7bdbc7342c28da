package io.meridian.server.resource.internal;

/** The scheduling policies an extended resource group may enable (002 §4.2.1.1). */
enum SchedulingPolicy
{
    DRF, BINPACK, GANG
}
