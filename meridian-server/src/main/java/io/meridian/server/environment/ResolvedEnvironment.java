package io.meridian.server.environment;

import io.meridian.executor.PythonEnvironment;

import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The installed environment an image selects.
 *
 * @param preset the preset's name, such as {@code pytorch}
 * @param version its version
 * @param environment where it is, for {@code InstanceSpec.withEnvironment}
 * @param packages the installed versions of its main packages, as the installer found them
 */
public record ResolvedEnvironment(String preset, String version, PythonEnvironment environment, Map<String, String> packages)
{
    public ResolvedEnvironment
    {
        requireNonNull(preset, "preset is null");
        requireNonNull(version, "version is null");
        requireNonNull(environment, "environment is null");
        packages = Map.copyOf(requireNonNull(packages, "packages is null"));
    }

    /** Such as {@code pytorch 2.15.0 (deepspeed 0.19.8, numpy 2.4.6, torch 2.15.0)}. */
    public String summary()
    {
        String versions = packages.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        return preset + " " + version + (versions.isEmpty() ? "" : " (" + versions + ")");
    }
}
