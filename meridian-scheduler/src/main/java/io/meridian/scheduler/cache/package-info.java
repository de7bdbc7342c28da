/**
 * The usage snapshot an admission cycle decides against: what each queue and quota uses, borrowed and lent, what each
 * user and tenant holds, and dominant shares, all derived from the running workloads and updated as the cycle admits.
 */
package io.meridian.scheduler.cache;
