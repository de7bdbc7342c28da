package io.meridian.server.image.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * 我的镜像 beside the preset images of {@code GET /images} (the environment feature): {@code /images/custom} the caller's
 * custom images and registry shares, {@code /images/shared} images others share with the tenant, {@code /images/choices}
 * what a form that starts work offers.
 */
@RestController
@RequestMapping("/api/v1/images")
class ImageRecordController
{
    private final ImageService images;
    private final Clock clock;
    private final MessageSource messages;

    ImageRecordController(ImageService images, Clock clock, MessageSource messages)
    {
        this.images = requireNonNull(images, "images is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    /**
     * @param image the reference a backend pulls ({@code registry/path:tag})
     * @param usable whether work may start with it now (a registry share: enabled and before its deadline)
     * @param version the row's version, for {@code PUT}
     */
    record ImageView(String id, String name, String imageVersion, String image, String source, List<String> tags, String vendor, String framework,
            String description, Instant shareDeadline, boolean shareEnabled, boolean shared, boolean usable, String ownerId, Instant createdAt,
            Instant updatedAt, long version)
    {
        static ImageView of(ImageRecord record, Instant now)
        {
            return new ImageView(record.id(), record.name(), record.imageVersion(), record.reference(), record.source().name(), record.tags(),
                    record.vendor().orElse(null), record.framework().orElse(null), record.description().orElse(null), record.shareDeadline().orElse(null),
                    record.shareEnabled(), record.shared(), record.usable(now), record.ownerId(), record.createdAt(), record.updatedAt(),
                    record.version());
        }
    }

    record ImageRequest(String name, String imageVersion, String image, String source, List<String> tags, String vendor, String framework,
            String description, Instant shareDeadline, Boolean shareEnabled, Long version) {}

    @GetMapping("/custom")
    PageResult<ImageView> list(@RequestParam(required = false) String name, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String source, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        Principal caller = CurrentPrincipal.get();
        ImageSource parsed = source == null || source.isBlank() ? null : source(source, "source");
        return images.list(caller, name, tag, parsed, false, PageRequest.of(page, size, sort)).map(this::view);
    }

    @GetMapping("/shared")
    PageResult<ImageView> shared(@RequestParam(required = false) String name, @RequestParam(required = false) String tag,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort)
    {
        return images.list(CurrentPrincipal.get(), name, tag, null, true, PageRequest.of(page, size, sort)).map(this::view);
    }

    /**
     * One choice of a form's image field.
     *
     * @param group 镜像来源: {@code PRESET}, {@code CUSTOM}, {@code REGISTRY_SHARE} or {@code SHARED} (他人分享镜像)
     * @param reason why it is not usable now, in the caller's language; null when it is
     */
    record ChoiceView(String image, String name, String imageVersion, String group, List<String> tags, boolean usable, String reason) {}

    @GetMapping("/choices")
    List<ChoiceView> choices()
    {
        Locale locale = LocaleContextHolder.getLocale();
        return images.choices(CurrentPrincipal.get()).stream()
                .map(choice -> new ChoiceView(choice.image(), choice.name(), choice.version(), choice.group(), choice.tags(), choice.usable(),
                        choice.reason() == null ? null : messages.getMessage(choice.reason(), null, choice.reason(), locale)))
                .toList();
    }

    @PostMapping("/custom")
    @ResponseStatus(HttpStatus.CREATED)
    ImageView create(@RequestBody ImageRequest request)
    {
        ImageSource source = request.source() == null || request.source().isBlank() ? ImageSource.CUSTOM : source(request.source(), "source");
        return view(images.create(CurrentPrincipal.get(), form(request, source)));
    }

    @GetMapping("/custom/{id}")
    ImageView get(@PathVariable String id)
    {
        return view(images.readable(CurrentPrincipal.get(), id));
    }

    @PutMapping("/custom/{id}")
    ImageView update(@PathVariable String id, @RequestBody ImageRequest request)
    {
        FieldRules.check().required("version", request.version()).throwIfAny();
        return view(images.update(CurrentPrincipal.get(), id, form(request, null), request.version()));
    }

    @PostMapping("/custom/{id}/share")
    ImageView share(@PathVariable String id)
    {
        return view(images.share(CurrentPrincipal.get(), id, true));
    }

    @DeleteMapping("/custom/{id}/share")
    ImageView unshare(@PathVariable String id)
    {
        return view(images.share(CurrentPrincipal.get(), id, false));
    }

    @DeleteMapping("/custom/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        images.delete(CurrentPrincipal.get(), id);
    }

    private ImageView view(ImageRecord record)
    {
        return ImageView.of(record, clock.instant());
    }

    private static ImageService.ImageForm form(ImageRequest request, ImageSource source)
    {
        return new ImageService.ImageForm(request.name(), request.imageVersion(), request.image(), source, request.tags(), request.vendor(), request.framework(),
                request.description(), request.shareDeadline(), request.shareEnabled());
    }

    private static ImageSource source(String value, String field)
    {
        return Arrays.stream(ImageSource.values()).filter(candidate -> candidate.name().equals(value)).findFirst()
                .orElseThrow(() -> ApiException.invalidField(field, "image.source", value));
    }
}
