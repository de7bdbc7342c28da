package io.meridian.server.scheduling;

import io.meridian.server.platform.security.Principal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler as other features see it. Every kind of work (training-task runs, fine-tuning, dev machines, services,
 * data processing, cross-region subtasks) is submitted here as a gang of instance groups; the scheduling loop admits it
 * against its queue or quota, the user's limits and the cluster's free devices, and announces the admission with
 * {@link WorkloadAdmitted} so the runtime can launch the instances on the placements.
 */
public interface WorkloadScheduler
{
    /**
     * Validates the request (the pool exists in the tenant, runs, accepts the workload type and is associated with the
     * workspace; every instance group is well formed), stores the workload as {@link WorkloadStatus#PENDING} and asks for a
     * scheduling cycle once the caller's transaction commits. Refusals are {@code ApiException}s; nothing is stored then.
     */
    ScheduledWorkload submit(WorkloadRequest request);

    /** The workload if it belongs to the tenant; another tenant's workload is not found. */
    Optional<ScheduledWorkload> find(String tenantId, String workloadId);

    /**
     * The workloads with the given ids, of any tenant, by id (ids the scheduler does not know are absent): for system
     * components such as the runtime, which reads where all its workloads stand once per pass; never for requests.
     */
    Map<String, ScheduledWorkload> findAll(Collection<String> workloadIds);

    /**
     * Why the workload waits, was rejected or was preempted, as stored text ({@code KeyedText}: the scheduler's message key
     * and its arguments, the pool's and workloads' names resolved now), to be rendered in the reader's language when read;
     * empty when it has no reason.
     */
    Optional<String> reasonText(ScheduledWorkload workload);

    /**
     * The workload ended, was stopped or is withdrawn while waiting: frees exactly its reservations, returns what it
     * borrowed and stops counting it against its pool. Releasing a workload that already ended does nothing.
     */
    void release(String workloadId);

    /** An IAM admin reorders waiting work (资源总览): larger runs first. Only while the workload is pending. */
    void changePriority(Principal principal, String workloadId, int priority);

    /**
     * Runs a scheduling cycle for every cluster with waiting work now and returns when it finished. The loop runs one every
     * second and after every submit and release anyway; this is for callers that must see the outcome at once.
     */
    void runCycle();
}
