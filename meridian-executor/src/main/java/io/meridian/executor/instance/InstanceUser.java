package io.meridian.executor.instance;

import io.meridian.executor.Mount;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The user an instance runs as, and the files it gets, the same on every backend that runs processes. Where the part
 * that starts instances is root (the local server; the steps of a Slurm job submitted as root), every instance drops
 * to its tenant's uid with {@code setpriv}, without capabilities or new privileges, and owns exactly what is its own:
 * its home, cache and share (0700), its {@code io/} (0700) and its environment file (0600). Its {@code config/} and
 * {@code mount/} stay root's, readable by the tenant's group only. The instance's directory itself, where the wrapper
 * writes {@code pid}, {@code exit} and {@code output.log}, stays root's: the instance can neither forge those nor
 * reach another tenant's instance.
 *
 * <p>Where the starter is not root, instances run as the starter's user, and the note says so.
 */
public final class InstanceUser
{
    public static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Tenancy tenancy;
    private final boolean switches;
    private final String note;

    private InstanceUser(Tenancy tenancy, boolean switches, String note)
    {
        this.tenancy = requireNonNull(tenancy, "tenancy is null");
        this.switches = switches;
        this.note = requireNonNull(note, "note is null");
    }

    /** The instance drops from root to its tenant's uid. */
    public static InstanceUser tenant(Tenancy tenancy)
    {
        return new InstanceUser(tenancy, true,
                "user: uid %d of tenant %s, without capabilities or new privileges".formatted(tenancy.uid(), tenancy.tenantId()));
    }

    /**
     * The instance runs as the user that starts it, which is not root and so cannot switch users.
     *
     * @param note the instance's note, starting {@code user: }, that names that user
     */
    public static InstanceUser starter(Tenancy tenancy, String note)
    {
        if (!note.startsWith("user: ")) {
            throw new IllegalArgumentException("a user note starts with 'user: ': " + note);
        }
        return new InstanceUser(tenancy, false, note);
    }

    /**
     * Refuses to go on where {@code setpriv} is missing: a workload never falls back to running as root.
     */
    public static void requireSetpriv()
    {
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException(SETPRIV + " (util-linux) is missing: instances cannot be started as an unprivileged user");
        }
    }

    public boolean switches()
    {
        return switches;
    }

    /** The uid the instance's files belong to, or -1 where they stay the starter's. */
    public int owner()
    {
        return switches ? tenancy.uid() : -1;
    }

    /** What the instance's notes say about its user. */
    public String note()
    {
        return note;
    }

    /**
     * How the wrapper runs the instance: the privilege switch (if any), then the launcher, which reads the instance's
     * variables from {@code environmentFile}, enters {@code workingDir} and executes {@code argv}. Nothing run before
     * the launcher has the instance's variables.
     */
    public List<String> command(String environmentFile, String workingDir, List<String> argv)
    {
        List<String> command = new ArrayList<>();
        if (switches) {
            command.addAll(List.of(SETPRIV.toString(), "--reuid=" + tenancy.uid(), "--regid=" + tenancy.uid(), "--clear-groups",
                    "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"));
        }
        command.addAll(List.of("/bin/bash", "--noprofile", "--norc", "-c", InstanceFiles.LAUNCHER, "meridian-launch", environmentFile, workingDir));
        command.addAll(argv);
        return command;
    }

    /**
     * Creates the instance's home, cache and share, and hands them to the tenant's uid (0700): a home written before
     * instances ran unprivileged is handed over once, links changed but never followed.
     */
    public void prepareStorage(Storage storage)
            throws IOException
    {
        for (Path hostDir : List.of(storage.home(), storage.cache(), storage.share())) {
            HostFiles.refuseLink(hostDir);
            Files.createDirectories(hostDir);
            if (switches) {
                HostFiles.ownTree(hostDir, tenancy.uid());
                HostFiles.chmod(hostDir, "rwx------");
            }
        }
    }

    /**
     * Creates the working directory (a path of the container layout) on the host, one segment at a time and never
     * through a link, owned by the tenant's uid unless it is inside a mount, whose source is the platform's.
     */
    public Path createWorkingDir(Storage storage, String workingDir)
            throws IOException
    {
        InstanceFiles.HostLocation location = InstanceFiles.hostLocation(storage, workingDir);
        return HostFiles.createDirectoriesUnder(location.base(), location.relative(), location.mount() ? -1 : owner());
    }

    /**
     * Gives the instance what it reads and writes in its directory, once the environment file, {@code io/},
     * {@code config/} and (without a sandbox) {@code mount/} are written: the environment file 0600 and {@code io/}
     * 0700 to the tenant's uid; {@code config/} and {@code mount/} root's, to be read by the tenant's group only.
     */
    public void handOver(InstanceDir dir)
            throws IOException
    {
        HostFiles.chmod(dir.environment(), "rw-------");
        if (!switches) {
            return;
        }
        HostFiles.own(dir.io(), tenancy.uid());
        HostFiles.chmod(dir.io(), "rwx------");
        HostFiles.own(dir.environment(), tenancy.uid());
        for (Path readOnly : Stream.of(dir.config(), dir.mounts()).filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
            HostFiles.ownGroup(readOnly, tenancy.uid());
            HostFiles.chmod(readOnly, "rwxr-x---");
        }
    }

    /**
     * Without a sandbox the instance's user reaches its directories through the host's tree: lets it pass through
     * (never list) the instance's directory and the directories above what it was given. What is not its own stays
     * closed by its mode.
     */
    public void letReachWithoutSandbox(InstanceDir dir, Storage storage, Path workingDir, Path runtimePython, Collection<Path> alsoReached)
            throws IOException
    {
        if (!switches) {
            return;
        }
        HostFiles.chmod(dir.path(), "rwx--x--x");
        List<Path> reached = new ArrayList<>(List.of(storage.home(), storage.cache(), storage.share(), dir.io(), dir.config(), dir.environment(),
                dir.mounts(), workingDir, runtimePython.resolve("meridian_runtime")));
        for (Mount mount : storage.mounts()) {
            reached.add(mount.source().resolve("x"));
        }
        reached.addAll(alsoReached);
        reached.forEach(HostFiles::grantSearch);
    }
}
