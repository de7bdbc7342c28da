/**
 * Preemption: which running workloads to stop so that a quota gets back the capacity it lent.
 */
package io.meridian.scheduler.preemption;
