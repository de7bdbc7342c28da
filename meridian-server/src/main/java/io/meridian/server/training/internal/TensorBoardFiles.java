package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.training.internal.TaskDefinition.TensorBoard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The host side of a run's TensorBoard directory: {@code <path>/<run id>} of the task's TensorBoard path, inside the task
 * owner's {@code /work/home}. The run's scripts can create anything there, links included, so nothing here follows a
 * link: a link anywhere between the owner's home and a file refuses the file, and listings show regular files only.
 */
final class TensorBoardFiles
{
    static final String ENV = "MERIDIAN_TENSORBOARD_DIR";
    static final int MAX_FILES = 1000;
    private static final int MAX_DEPTH = 16;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path home;
    private final Path directory;

    private TensorBoardFiles(Path home, Path directory)
    {
        this.home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        if (!this.directory.startsWith(this.home)) {
            throw new IllegalArgumentException("not inside " + home + ": " + directory);
        }
    }

    /** The run's directory behind {@code <path>/<runId>}; {@code home} is the host directory of {@code /work/home}. */
    static TensorBoardFiles of(Path home, TensorBoard tensorboard, String runId)
    {
        if (!tensorboard.enabled()) {
            throw new IllegalArgumentException("TensorBoard is off");
        }
        // the path was validated and normalized when the task was saved: /work/home/<relative>
        String relative = tensorboard.path().substring(TaskService.TENSORBOARD_ROOT.length() + 1);
        return new TensorBoardFiles(home, home.resolve(relative).resolve(runId));
    }

    Path directory()
    {
        return directory;
    }

    /**
     * Creates the directory, refusing to create anything through a link the owner's scripts may have planted; what it
     * creates belongs to {@code owner} (the uid the run's instances run as; negative: the server's own user).
     */
    void create(int owner)
    {
        Path current = home;
        try {
            Files.createDirectories(home);
            for (Path segment : home.relativize(directory)) {
                current = current.resolve(segment);
                if (Files.isSymbolicLink(current)) {
                    throw new IllegalStateException("the TensorBoard directory " + directory + " lies under a symbolic link: " + current);
                }
                if (!Files.isDirectory(current, NO_FOLLOW)) {
                    Files.createDirectory(current);
                    if (owner >= 0) {
                        Files.setAttribute(current, "unix:uid", owner, NO_FOLLOW);
                        Files.setAttribute(current, "unix:gid", owner, NO_FOLLOW);
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the TensorBoard directory " + current, e);
        }
    }

    record Listing(List<TensorBoardFile> files, boolean truncated) {}

    record TensorBoardFile(String name, long size, Instant modifiedAt) {}

    /** The regular files under the directory (not through links), by name, at most {@link #MAX_FILES}. */
    Listing list()
    {
        if (firstLink(directory).isPresent()) {
            throw ApiException.conflict("training.tensorboard.link");
        }
        if (!Files.isDirectory(directory, NO_FOLLOW)) {
            return new Listing(List.of(), false);
        }
        List<TensorBoardFile> files = new ArrayList<>();
        boolean[] truncated = {false};
        try {
            // without FOLLOW_LINKS the walk reports a link as what it is, and never enters one
            Files.walkFileTree(directory, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                {
                    if (!attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (files.size() == MAX_FILES) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    files.add(new TensorBoardFile(name(file), attributes.size(), attributes.lastModifiedTime().toInstant()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e)
                {
                    // removed or unreadable meanwhile: the writer owns the directory, the listing is a snapshot
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.comparing(TensorBoardFile::name));
        return new Listing(List.copyOf(files), truncated[0]);
    }

    /**
     * Opens one regular file by its name relative to the directory. A name that is absolute, empty, holds {@code .} or
     * {@code ..} segments or control characters is refused (400), as is a file reached through a link; a missing file,
     * a directory or anything else that is not a regular file is not found (404).
     */
    FileChannel open(String name)
    {
        Path file = resolve(name);
        Optional<Path> link = firstLink(file);
        if (link.isPresent()) {
            throw ApiException.badParameter("name", "training.tensorboard.file.link", name);
        }
        if (!Files.isRegularFile(file, NO_FOLLOW)) {
            throw ApiException.notFound("tensorboard-file", name);
        }
        try {
            // NOFOLLOW_LINKS: a link swapped in since the check above fails to open rather than being read
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        catch (NoSuchFileException e) {
            throw ApiException.notFound("tensorboard-file", name);
        }
        catch (IOException e) {
            throw ApiException.badParameter("name", "training.tensorboard.file.link", name);
        }
    }

    private Path resolve(String name)
    {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badParameter("name", "training.tensorboard.file.invalid");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ApiException.badParameter("name", "training.tensorboard.file.invalid");
            }
        }
        Path file = directory.resolve(name).normalize();
        if (!file.startsWith(directory) || file.equals(directory)) {
            throw ApiException.badParameter("name", "training.tensorboard.file.invalid");
        }
        return file;
    }

    /** The first link on the way from the owner's home down to {@code path} (both included), if any. */
    private Optional<Path> firstLink(Path path)
    {
        Path current = home;
        if (Files.isSymbolicLink(current)) {
            return Optional.of(current);
        }
        for (Path segment : home.relativize(path)) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }

    private String name(Path file)
    {
        return directory.relativize(file).toString().replace('\\', '/');
    }
}
