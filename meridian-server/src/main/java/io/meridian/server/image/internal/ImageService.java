package io.meridian.server.image.internal;

import io.meridian.server.environment.EnvironmentView;
import io.meridian.server.environment.WorkloadEnvironments;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.net.PublicAddresses;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.GangForms;
import org.springframework.stereotype.Service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * 我的镜像: registers, changes, shares and deletes a user's image records, and lists what a form may choose. Users manage
 * their own images; an IAM admin manages the tenant's (the matrix's A column; 算法运维 has no rights on others' images).
 * Nothing here connects to a registry: a reference is checked for its form and, for a registry share, for naming a
 * public registry host, and stored.
 */
@Service
class ImageService
{
    static final String RESOURCE = "image";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    static final int MAX_TAGS = 10;
    static final int MAX_VENDOR = 64;
    static final int MAX_FRAMEWORK = 64;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_SEARCH = 100;
    /** The most registered images a form offers: more is a registry, not a choice list. */
    static final int MAX_CHOICES = 500;
    private static final String ID_PREFIX = "img";
    // a registry component: it has a dot or a port, or is localhost (as Docker reads the first path component)
    private static final Pattern REGISTRY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]*)(?::[0-9]+)?");

    private final ImageRepository images;
    private final WorkloadEnvironments environments;
    private final Clock clock;

    ImageService(ImageRepository images, WorkloadEnvironments environments, Clock clock)
    {
        this.images = requireNonNull(images, "images is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What registration and changes carry; null fields of a change keep their value. */
    record ImageForm(String name, String imageVersion, String image, ImageSource source, List<String> tags, String vendor, String framework,
            String description, Instant shareDeadline, Boolean shareEnabled) {}

    ImageRecord create(Principal caller, ImageForm form)
    {
        ImageSource source = form.source() == null ? ImageSource.CUSTOM : form.source();
        FieldRules rules = FieldRules.check()
                .required("name", form.name())
                .matches("name", form.name(), NAME, "image.name")
                .required("imageVersion", form.imageVersion())
                .matches("imageVersion", form.imageVersion(), VERSION, "image.version")
                .required("image", form.image());
        GangForms.image(rules, form.image());
        checkDescriptive(rules, form);
        if (source == ImageSource.REGISTRY_SHARE) {
            if (!rules.hasViolation("image")) {
                checkRegistry(rules, form.image());
            }
            rules.required("shareDeadline", form.shareDeadline())
                    .rule(form.shareDeadline() == null || form.shareDeadline().isAfter(clock.instant()), "shareDeadline", "image.share-deadline.past");
        }
        else {
            rules.rule(form.shareDeadline() == null && form.shareEnabled() == null, "shareDeadline", "image.share-deadline.registry-only");
        }
        rules.throwIfAny();
        if (images.exists(caller.tenantId(), caller.userId(), form.name(), form.imageVersion())) {
            throw ApiException.conflict("image.taken", form.name(), form.imageVersion());
        }
        Instant now = clock.instant();
        ImageRecord image = new ImageRecord(Ids.newId(ID_PREFIX), caller.tenantId(), caller.userId(), form.name(), form.imageVersion(), form.image(), source,
                tags(form.tags()), optional(form.vendor()), optional(form.framework()), optional(form.description()),
                Optional.ofNullable(form.shareDeadline()), source == ImageSource.CUSTOM || !Boolean.FALSE.equals(form.shareEnabled()), false, now, now, 0);
        images.insert(image);
        return image;
    }

    /** Tags, vendor, framework, description, and a registry share's deadline and enabled flag; the reference stays. */
    ImageRecord update(Principal caller, String id, ImageForm form, long version)
    {
        ImageRecord image = manageable(caller, id);
        FieldRules rules = FieldRules.check();
        checkDescriptive(rules, form);
        if (image.source() == ImageSource.CUSTOM) {
            rules.rule(form.shareDeadline() == null && form.shareEnabled() == null, "shareDeadline", "image.share-deadline.registry-only");
        }
        rules.throwIfAny();
        ImageRecord changed = new ImageRecord(image.id(), image.tenantId(), image.ownerId(), image.name(), image.imageVersion(), image.reference(), image.source(),
                form.tags() == null ? image.tags() : tags(form.tags()),
                form.vendor() == null ? image.vendor() : optional(form.vendor()),
                form.framework() == null ? image.framework() : optional(form.framework()),
                form.description() == null ? image.description() : optional(form.description()),
                form.shareDeadline() == null ? image.shareDeadline() : Optional.of(form.shareDeadline()),
                form.shareEnabled() == null ? image.shareEnabled() : form.shareEnabled(),
                image.shared(), image.createdAt(), clock.instant(), version);
        images.update(changed);
        return images.find(caller.tenantId(), id).orElseThrow();
    }

    /** 分享 / 取消分享: whether the tenant's other users see it among images shared by others. */
    ImageRecord share(Principal caller, String id, boolean shared)
    {
        ImageRecord image = manageable(caller, id);
        images.update(new ImageRecord(image.id(), image.tenantId(), image.ownerId(), image.name(), image.imageVersion(), image.reference(), image.source(),
                image.tags(), image.vendor(), image.framework(), image.description(), image.shareDeadline(), image.shareEnabled(), shared,
                image.createdAt(), clock.instant(), image.version()));
        return images.find(caller.tenantId(), id).orElseThrow();
    }

    /**
     * Deletes the record only: the image in its registry is not Meridian's to delete, and tasks that name its reference
     * keep it (a task stores the reference, not the record), so their next run pulls what the registry has.
     */
    void delete(Principal caller, String id)
    {
        manageable(caller, id);
        images.delete(caller.tenantId(), id);
    }

    /** An image the caller may read: their own, one shared with the tenant, or any of the tenant's for an IAM admin. */
    ImageRecord readable(Principal caller, String id)
    {
        ImageRecord image = images.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (!image.ownerId().equals(caller.userId()) && !image.shared() && !caller.isIamAdmin()) {
            throw ApiException.notFound(RESOURCE, id);
        }
        return image;
    }

    PageResult<ImageRecord> list(Principal caller, String search, String tag, ImageSource source, boolean sharedByOthers, PageRequest page)
    {
        FieldRules.check().maxLength("name", search, MAX_SEARCH).maxLength("tag", tag, MAX_SEARCH).throwIfAny();
        // an IAM admin's own list is the tenant's; images shared by others are everyone's but the caller's
        String owner = sharedByOthers || !caller.isIamAdmin() ? caller.userId() : null;
        return images.list(caller.tenantId(), new ImageRepository.Filter(owner, sharedByOthers, search, tag, source), page);
    }

    /** One image a form may offer. {@code usable} false with {@code reason} for a share past its deadline or disabled. */
    record Choice(String image, String name, String version, String group, List<String> tags, boolean usable, String reason) {}

    /** 镜像来源, in the spec's order: 系统预置镜像, 自定义镜像, 共享容器镜像, 他人分享镜像. */
    List<Choice> choices(Principal caller)
    {
        List<Choice> choices = new ArrayList<>();
        for (EnvironmentView preset : environments.presets()) {
            choices.add(new Choice(preset.images().getFirst(), preset.name(), preset.version(), "PRESET", preset.tags(), true, null));
        }
        Instant now = clock.instant();
        List<ImageRecord> registered = images.choosable(caller.tenantId(), caller.userId(), MAX_CHOICES);
        for (String group : List.of("CUSTOM", "REGISTRY_SHARE", "SHARED")) {
            for (ImageRecord image : registered) {
                if (group.equals(groupOf(image, caller))) {
                    choices.add(new Choice(image.reference(), image.name(), image.imageVersion(), group, image.tags(), image.usable(now), reason(image, now)));
                }
            }
        }
        return choices;
    }

    private static String groupOf(ImageRecord image, Principal caller)
    {
        if (!image.ownerId().equals(caller.userId())) {
            return "SHARED";
        }
        return image.source().name();
    }

    private static String reason(ImageRecord image, Instant now)
    {
        if (image.usable(now)) {
            return null;
        }
        return image.shareEnabled() ? "image.share.expired" : "image.share.disabled";
    }

    private ImageRecord manageable(Principal caller, String id)
    {
        ImageRecord image = images.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (!image.ownerId().equals(caller.userId()) && !caller.isIamAdmin()) {
            if (image.shared()) {
                // others may use a shared image, not change it
                throw ApiException.forbidden();
            }
            throw ApiException.notFound(RESOURCE, id);
        }
        return image;
    }

    private static void checkDescriptive(FieldRules rules, ImageForm form)
    {
        rules.maxLength("vendor", form.vendor(), MAX_VENDOR)
                .maxLength("framework", form.framework(), MAX_FRAMEWORK)
                .maxLength("description", form.description(), MAX_DESCRIPTION);
        if (form.tags() != null) {
            rules.rule(form.tags().size() <= MAX_TAGS, "tags", "image.tags.too-many", MAX_TAGS);
            for (String tag : form.tags()) {
                rules.rule(tag != null && TAG.matcher(tag).matches(), "tags", "image.tag", String.valueOf(tag));
            }
        }
    }

    /**
     * A registry share names its registry, and that registry is a public host: a name ({@code registry.example.com}) or a
     * public IP literal, never {@code localhost} or a loopback, private or link-local address. Names are not resolved:
     * Meridian never connects there, a backend's nodes pull from it.
     */
    private static void checkRegistry(FieldRules rules, String image)
    {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        boolean named = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (!named) {
            rules.violate("image", "image.registry.required");
            return;
        }
        Matcher matcher = REGISTRY.matcher(first);
        String host = matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : first;
        boolean literal = host.matches("[0-9.]+");
        if (host.equals("localhost") || host.endsWith(".localhost") || (literal && !isPublicIpv4(host))) {
            rules.violate("image", "image.registry.private", host);
        }
    }

    /** A dotted-quad literal that is a public address; anything else made of digits and dots is not (and is never looked up). */
    private static boolean isPublicIpv4(String host)
    {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
                return false;
            }
            address[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return PublicAddresses.isPublic(InetAddress.getByAddress(address));
        }
        catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tags(List<String> tags)
    {
        return tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags.stream().map(String::strip).toList()));
    }

    private static Optional<String> optional(String text)
    {
        return Optional.ofNullable(text).map(String::strip).filter(value -> !value.isEmpty());
    }
}
