package io.meridian.executor.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * The processes of one instance: its wrapper (a session leader), every process in the wrapper's session and
 * every descendant, including those that started sessions of their own (bubblewrap's sandbox does). A
 * process that both left the session and was orphaned escapes; a cgroup per instance would close that gap.
 */
final class ProcessTree
{
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final long leaderPid;
    private final long leaderStartTicks;

    ProcessTree(long leaderPid, long leaderStartTicks)
    {
        this.leaderPid = leaderPid;
        this.leaderStartTicks = leaderStartTicks;
    }

    /**
     * Live members, identified by pid and start time.
     */
    Set<ProcFs.Stat> members()
    {
        return members(ProcFs.all());
    }

    /**
     * Live members among {@code all}, a listing of the host's processes: one listing serves every instance of a
     * sampling pass, rather than one listing of /proc per instance.
     */
    Set<ProcFs.Stat> members(List<ProcFs.Stat> all)
    {
        Map<Long, List<ProcFs.Stat>> children = new HashMap<>();
        for (ProcFs.Stat stat : all) {
            if (!stat.isZombie()) {
                children.computeIfAbsent(stat.parent(), ignored -> new ArrayList<>()).add(stat);
            }
        }
        // the tree: the leader and everything below it through parent links
        Set<Long> tree = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>();
        if (ProcFs.isAlive(leaderPid, leaderStartTicks)) {
            tree.add(leaderPid);
            pending.add(leaderPid);
        }
        while (!pending.isEmpty()) {
            for (ProcFs.Stat child : children.getOrDefault(pending.poll(), List.of())) {
                if (tree.add(child.pid())) {
                    pending.add(child.pid());
                }
            }
        }
        boolean sessionIsOurs = sessionIsOurs();
        Set<ProcFs.Stat> members = new LinkedHashSet<>();
        for (ProcFs.Stat stat : all) {
            boolean inSession = sessionIsOurs && stat.session() == leaderPid;
            if ((tree.contains(stat.pid()) || inSession) && !stat.isZombie()) {
                members.add(stat);
            }
        }
        return members;
    }

    /**
     * The counters of every live member, summed; a member that ends between listing and reading is left out.
     */
    Totals totals()
    {
        return totals(ProcFs.all());
    }

    /** As {@link #totals()}, over a listing of the host's processes taken once for many instances. */
    Totals totals(List<ProcFs.Stat> all)
    {
        long cpuTicks = 0;
        long resident = 0;
        long read = 0;
        long write = 0;
        int processes = 0;
        for (ProcFs.Stat member : members(all)) {
            var counters = ProcFs.counters(member);
            if (counters.isPresent()) {
                cpuTicks += counters.get().cpuTicks();
                resident += counters.get().residentBytes();
                read += counters.get().readBytes();
                write += counters.get().writeBytes();
                processes++;
            }
        }
        return new Totals(cpuTicks, resident, read, write, processes);
    }

    record Totals(long cpuTicks, long residentBytes, long readBytes, long writeBytes, int processes) {}

    /**
     * SIGTERM to every member, SIGKILL to whatever is left after the grace period (including members started
     * meanwhile); returns once no member runs.
     */
    void terminate(Duration grace)
    {
        requireNonNull(grace, "grace is null");
        Set<ProcFs.Stat> members = members();
        members.forEach(member -> signal(member, false));
        if (awaitGone(members, grace) && members().isEmpty()) {
            return;
        }
        Set<ProcFs.Stat> remaining = new LinkedHashSet<>(members());
        members.stream().filter(ProcessTree::isAlive).forEach(remaining::add);
        remaining.forEach(member -> signal(member, true));
        if (!awaitGone(remaining, KILL_WAIT)) {
            throw new IllegalStateException("processes survived SIGKILL: " + remaining.stream().filter(ProcessTree::isAlive).toList());
        }
    }

    private boolean sessionIsOurs()
    {
        // the session id is the leader's pid; once that pid is reused by another process, a session with that id
        // may be the newcomer's, but while the pid is unused only our leader's orphans can carry it
        return ProcFs.stat(leaderPid).map(stat -> stat.startTicks() == leaderStartTicks).orElse(true);
    }

    private static void signal(ProcFs.Stat member, boolean force)
    {
        ProcessHandle.of(member.pid())
                // ProcessHandle checks its own start time before signalling, guarding against pid reuse in between
                .filter(handle -> ProcFs.isAlive(member.pid(), member.startTicks()))
                .ifPresent(handle -> {
                    if (force) {
                        handle.destroyForcibly();
                    }
                    else {
                        handle.destroy();
                    }
                });
    }

    private static boolean isAlive(ProcFs.Stat member)
    {
        return ProcFs.isAlive(member.pid(), member.startTicks());
    }

    private static boolean awaitGone(Set<ProcFs.Stat> members, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (members.stream().anyMatch(ProcessTree::isAlive)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }
}
