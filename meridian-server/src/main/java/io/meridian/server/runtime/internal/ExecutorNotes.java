package io.meridian.server.runtime.internal;

import io.meridian.server.runtime.RunEvent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executor's notes about an instance (isolation, user, node, devices, Python), which the executor library writes in
 * English, recorded as keyed messages so that the timeline shows them in the reader's language. A note this class does
 * not know is kept as written, after its instance's slot.
 */
final class ExecutorNotes
{
    private record Form(Pattern pattern, String key) {}

    // each the executor's wording (Sandbox, InstanceUser, InstanceFiles, SlurmExecutor); ExecutorNotesTest holds them to it
    private static final List<Form> FORMS = List.of(
            form("isolation: none, paths passed via environment", "isolation-none"),
            form("isolation: bubblewrap \\(private mount and PID namespace; /work layout as specified\\)", "isolation-bubblewrap"),
            form("isolation: none on Slurm \\(no private mount or PID namespace\\), paths passed via environment", "isolation-slurm"),
            form("user: uid (\\d+) of tenant (\\S+), without capabilities or new privileges", "user-tenant"),
            form("user: the server's own uid (\\d+) \\(the server is not root, so it cannot switch to the tenant's uid (\\d+)\\)", "user-server"),
            form("user: Slurm user (\\S+), whom jobs are submitted as \\(not root, so it cannot switch to the tenant's uid (\\d+); "
                    + "every tenant on this connection runs as that user\\)", "user-slurm"),
            form("node: placed on (\\S+); the local backend runs every node on this host", "node-local"),
            form("node: placed on (\\S+) by Meridian; the Slurm job is pinned there", "node-slurm-pinned"),
            form("node: placed on (\\S+) by Meridian, advisory: Slurm chooses the job's nodes \\(they carry no feature of their own name\\)", "node-slurm-advisory"),
            form("node: Slurm ran it on (.+)", "node-slurm-ran"),
            form("slurm: job (\\S+)", "slurm-job"),
            form("devices: (.+) are real devices of this host, used for real", "devices-real"),
            form("devices: (.+) assigned by placement but not present on this host; (\\S+) is set, nothing runs on them", "devices-virtual"),
            form("python: environment (\\S+) at (.+) \\(its bin/ first on PATH\\)", "python-environment"),
            form("python: (.+) \\(no environment: the system's interpreter and PATH\\)", "python-system"));

    private ExecutorNotes() {}

    /** The note of the instance in {@code slot} as a keyed message: the slot, then what the note's form takes from it. */
    static String keyed(String slot, String note)
    {
        for (Form form : FORMS) {
            Matcher matcher = form.pattern().matcher(note);
            if (matcher.matches()) {
                Object[] args = new Object[matcher.groupCount() + 1];
                args[0] = slot;
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    args[group] = matcher.group(group);
                }
                return RunEvent.keyed(form.key(), args);
            }
        }
        return RunEvent.keyed("runtime.event.executor.note", slot, note);
    }

    private static Form form(String regex, String name)
    {
        return new Form(Pattern.compile(regex), "runtime.event.executor." + name);
    }
}
