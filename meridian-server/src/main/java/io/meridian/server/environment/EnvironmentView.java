package io.meridian.server.environment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A preset image as the API shows it.
 *
 * @param name the preset's name, such as {@code pytorch}
 * @param version its version, such as {@code 2.15.0}; the canonical image reference is {@code name:version}
 * @param framework what it offers, such as {@code PyTorch 2.15.0}
 * @param tags labels to filter by, such as {@code torchrun} or {@code deepspeed}
 * @param images image references that select it, canonical first
 * @param description what it is, by language ({@code en}, {@code zh-CN})
 * @param packages the pinned versions of its main packages, from its lock file
 * @param installed whether this host has it, complete and built from the same lock file
 * @param installedAt when it was built, if installed
 */
public record EnvironmentView(
        String name,
        String version,
        String framework,
        List<String> tags,
        List<String> images,
        Map<String, String> description,
        Map<String, String> packages,
        boolean installed,
        Optional<Instant> installedAt)
{
    public EnvironmentView
    {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(framework, "framework is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        images = List.copyOf(requireNonNull(images, "images is null"));
        description = Map.copyOf(requireNonNull(description, "description is null"));
        packages = Map.copyOf(requireNonNull(packages, "packages is null"));
        requireNonNull(installedAt, "installedAt is null");
    }
}
