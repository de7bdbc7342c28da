package io.meridian.executor.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * File operations of the server (usually root) inside directories an instance can write, on this host or on a Slurm
 * cluster's shared file system. An instance can plant a symbolic link anywhere it may write, so nothing here follows
 * one: ownership changes use {@code lchown}, directories are created one segment at a time and a link on the way is
 * refused.
 */
public final class HostFiles
{
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private HostFiles() {}

    /** Whether this process may switch to another uid (it is root). */
    public static boolean isRoot()
    {
        try {
            // /proc/self belongs to the process's effective uid
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        }
        catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static void chmod(Path path, String permissions)
            throws IOException
    {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    /** Gives a file or directory (not what a link points to) to {@code uid}, group {@code uid}. */
    public static void own(Path path, int uid)
            throws IOException
    {
        Files.setAttribute(path, "unix:uid", uid, NO_FOLLOW);
        Files.setAttribute(path, "unix:gid", uid, NO_FOLLOW);
    }

    /** Gives a file or directory (not what a link points to) to group {@code gid}; its owner stays. */
    public static void ownGroup(Path path, int gid)
            throws IOException
    {
        Files.setAttribute(path, "unix:gid", gid, NO_FOLLOW);
    }

    /**
     * Gives {@code directory} and, if it belonged to someone else, everything in it to {@code uid}: a home written
     * before instances ran unprivileged (or by an earlier uid) becomes its tenant's. Links are changed, never followed.
     */
    public static void ownTree(Path directory, int uid)
            throws IOException
    {
        if (((Integer) Files.getAttribute(directory, "unix:uid", NO_FOLLOW)) == uid) {
            return;
        }
        Files.walkFileTree(directory, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                    throws IOException
            {
                own(dir, uid);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                    throws IOException
            {
                own(file, uid);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Creates {@code base/relative} one directory at a time, each new one owned by {@code owner} (if not negative),
     * and refuses to go through a link: {@code base} may be a home whose contents its instances control.
     */
    public static Path createDirectoriesUnder(Path base, Path relative, int owner)
            throws IOException
    {
        requireNonNull(base, "base is null");
        if (relative.isAbsolute() || relative.normalize().startsWith("..")) {
            throw new IllegalArgumentException("not a path inside " + base + ": " + relative);
        }
        refuseLink(base);
        Path current = base;
        for (Path segment : relative.normalize()) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(segment);
            refuseLink(current);
            if (!Files.isDirectory(current, NO_FOLLOW)) {
                Files.createDirectory(current);
                if (owner >= 0) {
                    own(current, owner);
                }
            }
        }
        return current;
    }

    public static void refuseLink(Path path)
            throws IOException
    {
        if (Files.isSymbolicLink(path)) {
            throw new IOException("refusing to follow the symbolic link " + path + " (an instance can plant links where it writes)");
        }
    }

    /**
     * Lets every user pass through (never list) the directories above {@code path}, so that an unprivileged instance
     * without a sandbox reaches the directories it was given. Only search permission is added.
     */
    public static void grantSearch(Path path)
    {
        for (Path ancestor = path.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ancestor);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(ancestor, permissions);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot let instances pass through " + ancestor, e);
            }
        }
    }
}
