package io.meridian.server.environment.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A container image reference as tasks store it: {@code [registry[:port]/]path[:tag][@digest]}.
 *
 * @param registry the registry host, when the reference names one (its first component has a dot or a port, or is
 * {@code localhost}, as Docker reads it)
 * @param path the repository path, such as {@code pytorch} or {@code pytorch/pytorch}
 */
record ImageReference(Optional<String> registry, String path, Optional<String> tag)
{
    // the same grammar as the training feature's image rule: path components in lowercase, as Docker requires
    static final Pattern PATTERN = Pattern.compile(
            "(?:(?<registry>[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?)/)?(?<path>[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*)"
                    + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?(?:@sha256:[a-f0-9]{64})?");
    static final int MAX_LENGTH = 255;
    private static final Pattern LEADING_VERSION = Pattern.compile("^v?(\\d+(?:\\.\\d+)*)");

    ImageReference
    {
        requireNonNull(registry, "registry is null");
        requireNonNull(path, "path is null");
        requireNonNull(tag, "tag is null");
    }

    static Optional<ImageReference> parse(String image)
    {
        if (image == null || image.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = PATTERN.matcher(image);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String registry = matcher.group("registry");
        String path = matcher.group("path");
        // without a dot, a port or "localhost", Docker reads the first component as part of the path
        if (registry != null && !registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            path = registry + "/" + path;
            registry = null;
        }
        return Optional.of(new ImageReference(Optional.ofNullable(registry), path, Optional.ofNullable(matcher.group("tag"))));
    }

    /** Whether the tag asks for {@code version}: none, {@code latest}, or a leading version that is a prefix of it ({@code 2.15-cpu}). */
    boolean tagAccepts(String version)
    {
        if (tag.isEmpty() || tag.get().equals("latest")) {
            return true;
        }
        Matcher matcher = LEADING_VERSION.matcher(tag.get());
        if (!matcher.find()) {
            return false;
        }
        String[] wanted = matcher.group(1).split("\\.");
        String[] offered = version.split("\\.");
        if (wanted.length > offered.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals(offered[i])) {
                return false;
            }
        }
        return true;
    }
}
