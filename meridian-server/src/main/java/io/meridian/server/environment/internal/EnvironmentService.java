package io.meridian.server.environment.internal;

import io.meridian.executor.PythonEnvironment;
import io.meridian.server.environment.EnvironmentView;
import io.meridian.server.environment.ResolvedEnvironment;
import io.meridian.server.environment.WorkloadEnvironments;
import io.meridian.server.platform.i18n.KeyedText;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The presets of the {@link PresetCatalog} and what {@code bin/meridian-env} installed of them under the environments
 * root. An installation counts only when complete (its marker is written last) and built from the same lock file.
 */
@Service
class EnvironmentService
        implements WorkloadEnvironments
{
    static final String MARKER = "meridian-environment.properties";

    private final PresetCatalog catalog;
    private final Path root;
    private final String systemPython;

    EnvironmentService(PresetCatalog catalog, @Value("${meridian.environments.root}") Path root,
            @Value("${meridian.executor.python:${MERIDIAN_PYTHON:/usr/bin/python3}}") String systemPython)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.systemPython = requireNonNull(systemPython, "systemPython is null");
    }

    /** An installation of a preset that matches its lock file. */
    record Installation(Path directory, Instant created, Map<String, String> packages) {}

    @Override
    public List<EnvironmentView> presets()
    {
        return catalog.presets().stream().map(this::view).toList();
    }

    Optional<EnvironmentView> preset(String name)
    {
        return catalog.find(name).map(this::view);
    }

    @Override
    public Optional<ResolvedEnvironment> resolve(String image)
    {
        return presetOf(image).flatMap(preset -> installation(preset)
                .map(installed -> new ResolvedEnvironment(preset.name(), preset.version(), new PythonEnvironment(preset.directoryName(), installed.directory()),
                        installed.packages())));
    }

    @Override
    public String describe(String image)
    {
        Optional<Preset> preset = presetOf(image);
        if (preset.isEmpty()) {
            return KeyedText.keyed("environment.note.not-preset", image, systemPython);
        }
        return resolve(image)
                .map(resolved -> KeyedText.keyed("environment.note.installed", image, resolved.summary(), resolved.environment().root()))
                .orElseGet(() -> KeyedText.keyed("environment.note.not-installed", image, preset.get().name(), preset.get().version(), preset.get().name(), systemPython));
    }

    /** The preset an image reference selects, installed or not. */
    Optional<Preset> presetOf(String image)
    {
        return ImageReference.parse(image)
                .filter(reference -> reference.registry().isEmpty())
                .flatMap(reference -> catalog.presets().stream()
                        .filter(preset -> preset.name().equals(reference.path()) || preset.aliases().contains(reference.path()))
                        .filter(preset -> reference.tagAccepts(preset.version()))
                        .findFirst());
    }

    Path root()
    {
        return root;
    }

    private EnvironmentView view(Preset preset)
    {
        Optional<Installation> installation = installation(preset);
        return new EnvironmentView(preset.name(), preset.version(), preset.framework(), preset.tags(), preset.images(), preset.description(),
                preset.lockedVersions(), installation.isPresent(), installation.map(Installation::created));
    }

    private Optional<Installation> installation(Preset preset)
    {
        Path directory = root.resolve(preset.directoryName());
        Path marker = directory.resolve(MARKER);
        if (!Files.isRegularFile(marker) || !Files.isExecutable(directory.resolve("bin/python"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStreamReader reader = new InputStreamReader(Files.newInputStream(marker), UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker, e);
        }
        String basePython = properties.getProperty("base_python", "");
        if (!preset.lockSha256(basePython).equals(properties.getProperty("lock_sha256"))) {
            // built from another lock file than this server's: bin/meridian-env install rebuilds it
            return Optional.empty();
        }
        Map<String, String> packages = new TreeMap<>();
        properties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("package."))
                .forEach(key -> packages.put(key.substring("package.".length()), properties.getProperty(key)));
        return Optional.of(new Installation(directory, created(properties), packages));
    }

    private static Instant created(Properties properties)
    {
        try {
            return Instant.parse(properties.getProperty("created", ""));
        }
        catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
