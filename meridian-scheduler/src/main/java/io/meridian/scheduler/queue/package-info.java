/**
 * Pending work: one queue per queue or quota, its order (priority, then submit time) and its queueing strategy (strict or
 * best-effort FIFO), and the choice of which queue's head the admission cycle tries next.
 */
package io.meridian.scheduler.queue;
