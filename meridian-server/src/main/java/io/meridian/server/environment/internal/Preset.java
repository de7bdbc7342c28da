package io.meridian.server.environment.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A preset environment as the repository defines it ({@code environments/<name>/}): its descriptor and its lock.
 *
 * @param aliases image paths that select it besides its name, such as {@code pytorch/pytorch}
 * @param lockedVersions the pinned versions of its main packages, for the interpreter it is built on
 * @param lockInputs what {@code bin/meridian-env} hashes to tell whether an installed environment matches:
 * {@code pyproject.toml} followed by {@code requirements.lock}
 */
record Preset(
        String name,
        String version,
        String framework,
        List<String> tags,
        List<String> aliases,
        Map<String, String> description,
        Map<String, String> lockedVersions,
        byte[] lockInputs)
{
    /** {@code build_settings} of {@code bin/meridian-env}: part of the hash, so a change rebuilds environments. */
    private static final String BUILD_SETTINGS = "compile-bytecode";

    Preset
    {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(framework, "framework is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        aliases = List.copyOf(requireNonNull(aliases, "aliases is null"));
        description = Map.copyOf(requireNonNull(description, "description is null"));
        lockedVersions = Map.copyOf(requireNonNull(lockedVersions, "lockedVersions is null"));
        lockInputs = requireNonNull(lockInputs, "lockInputs is null").clone();
    }

    /** The directory name of its installation, {@code <name>-<version>}. */
    String directoryName()
    {
        return name + "-" + version;
    }

    /** Image references that select it (each also with a tag of its version or {@code latest}), canonical ({@code name:version}) first. */
    List<String> images()
    {
        return Stream.concat(Stream.of(name + ":" + version, name), aliases.stream()).toList();
    }

    /** What {@code bin/meridian-env} records as {@code lock_sha256} for an environment built on {@code basePython}. */
    String lockSha256(String basePython)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(lockInputs);
            // the script hashes `cat pyproject.toml requirements.lock; echo "$base_python"; echo "$build_settings"`
            digest.update((basePython + "\n" + BUILD_SETTINGS + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
