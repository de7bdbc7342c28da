package io.meridian.server.environment.internal;

import io.meridian.server.environment.EnvironmentView;
import io.meridian.server.environment.ResolvedEnvironment;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.i18n.KeyedText;
import io.meridian.server.platform.security.CurrentPrincipal;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The preset images (预置镜像) every user may choose for a task: Meridian's Python environments, whether this host has
 * them installed and with which versions, and which of them an image reference selects.
 */
@RestController
@RequestMapping("/api/v1/images")
class ImageController
{
    static final int MAX_FILTER = 64;

    private final EnvironmentService environments;
    private final MessageSource messages;

    ImageController(EnvironmentService environments, MessageSource messages)
    {
        this.environments = requireNonNull(environments, "environments is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    /**
     * @param installedAt when it was built here; null while it is not installed
     */
    record ImageView(String name, String version, String framework, List<String> tags, List<String> images, Map<String, String> description,
            Map<String, String> packages, boolean installed, Instant installedAt)
    {
        static ImageView of(EnvironmentView view)
        {
            return new ImageView(view.name(), view.version(), view.framework(), view.tags(), view.images(), view.description(), view.packages(),
                    view.installed(), view.installedAt().orElse(null));
        }
    }

    /**
     * What an image reference runs with.
     *
     * @param preset the preset it selects, or null (then the system's interpreter runs it)
     * @param environment the installed environment's name, or null when it is not installed or no preset
     * @param packages the installed versions of the environment's main packages
     * @param note the sentence a run's events carry
     */
    record ImageResolution(String image, String preset, boolean installed, String environment, Map<String, String> packages, String note) {}

    @GetMapping
    PageResult<ImageView> list(@RequestParam(required = false) String name, @RequestParam(required = false) String tag,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size)
    {
        CurrentPrincipal.get();
        FieldRules.check()
                .maxLength("name", name, MAX_FILTER)
                .maxLength("tag", tag, MAX_FILTER)
                .throwIfAny();
        String needle = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        List<ImageView> images = environments.presets().stream()
                .filter(view -> view.name().contains(needle) || view.images().stream().anyMatch(image -> image.contains(needle)))
                .filter(view -> tag == null || tag.isBlank() || view.tags().contains(tag.strip()))
                .map(ImageView::of)
                .toList();
        return PageResult.slice(images, PageRequest.of(page, size == null ? PageRequest.MAX_SIZE : size, null));
    }

    @GetMapping("/resolution")
    ImageResolution resolution(@RequestParam(required = false) String image)
    {
        CurrentPrincipal.get();
        FieldRules.check()
                .required("image", image)
                .rule(image == null || image.isBlank() || ImageReference.parse(image).isPresent(), "image", "environment.image.invalid", ImageReference.MAX_LENGTH)
                .throwIfAny();
        Optional<Preset> preset = environments.presetOf(image);
        Optional<ResolvedEnvironment> resolved = environments.resolve(image);
        return new ImageResolution(image, preset.map(Preset::name).orElse(null), resolved.isPresent(), resolved.map(found -> found.environment().name()).orElse(null),
                resolved.map(ResolvedEnvironment::packages).orElse(Map.of()), KeyedText.render(messages, LocaleContextHolder.getLocale(), environments.describe(image)));
    }

    @GetMapping("/{name}")
    ImageView get(@PathVariable String name)
    {
        CurrentPrincipal.get();
        return environments.preset(name).map(ImageView::of).orElseThrow(() -> ApiException.notFound("image", name));
    }
}
