package io.meridian.server.image.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A registered image version: {@code name} and {@code imageVersion} as the list shows them, {@code reference} what a
 * backend pulls ({@code registry/path:tag}).
 *
 * @param tags labels such as {@code ssh} (remote login needs an image with it)
 * @param shareDeadline a registry share's 截止时间; empty for custom images
 * @param shareEnabled a registry share's 启用 flag; always true for custom images
 * @param shared whether the owner shares it with the tenant's other users (他人分享镜像 for them)
 */
record ImageRecord(
        String id,
        String tenantId,
        String ownerId,
        String name,
        String imageVersion,
        String reference,
        ImageSource source,
        List<String> tags,
        Optional<String> vendor,
        Optional<String> framework,
        Optional<String> description,
        Optional<Instant> shareDeadline,
        boolean shareEnabled,
        boolean shared,
        Instant createdAt,
        Instant updatedAt,
        long version)
{
    ImageRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(name, "name is null");
        requireNonNull(imageVersion, "imageVersion is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(source, "source is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(vendor, "vendor is null");
        requireNonNull(framework, "framework is null");
        requireNonNull(description, "description is null");
        requireNonNull(shareDeadline, "shareDeadline is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Whether work may start with it now: a registry share only while enabled and before its deadline (the spec's FAQ). */
    boolean usable(Instant now)
    {
        return source == ImageSource.CUSTOM || (shareEnabled && shareDeadline.map(deadline -> !deadline.isBefore(now)).orElse(true));
    }
}
