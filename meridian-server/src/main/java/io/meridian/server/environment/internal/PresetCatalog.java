package io.meridian.server.environment.internal;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The presets the server was built with: the repository's {@code environments/<name>/} (descriptor, project and lock
 * file), packaged into the server's jar, so that the server and {@code bin/meridian-env} read the same files.
 */
@Component
class PresetCatalog
{
    static final String LOCATION = "classpath*:environments/*/environment.properties";

    // "name==version ; markers \" as `uv pip compile --universal` writes a pinned requirement
    private static final Pattern REQUIREMENT = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\\s;\\\\]+)\\s*(?:;\\s*(.*?))?\\s*\\\\?$");
    private static final Pattern PYTHON_CLAUSE = Pattern.compile("python_full_version\\s*(<=|>=|<|>|==|!=)\\s*'(\\d+)\\.(\\d+)(?:\\.\\d+)?'");

    private final List<Preset> presets;

    PresetCatalog()
    {
        this(LOCATION);
    }

    PresetCatalog(String location)
    {
        try {
            List<Preset> loaded = new ArrayList<>();
            for (Resource descriptor : new PathMatchingResourcePatternResolver().getResources(location)) {
                loaded.add(load(descriptor));
            }
            loaded.sort(Comparator.comparing(Preset::name));
            this.presets = List.copyOf(loaded);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the preset environments at " + location, e);
        }
    }

    List<Preset> presets()
    {
        return presets;
    }

    Optional<Preset> find(String name)
    {
        return presets.stream().filter(preset -> preset.name().equals(name)).findFirst();
    }

    private static Preset load(Resource descriptor)
            throws IOException
    {
        Properties properties = new Properties();
        try (InputStreamReader reader = new InputStreamReader(descriptor.getInputStream(), UTF_8)) {
            properties.load(reader);
        }
        String name = required(properties, "name", descriptor);
        byte[] project = bytes(descriptor.createRelative("pyproject.toml"));
        byte[] lock = bytes(descriptor.createRelative("requirements.lock"));
        ByteArrayOutputStream inputs = new ByteArrayOutputStream();
        inputs.write(project);
        inputs.write(lock);
        String python = required(properties, "python", descriptor);
        Map<String, String> pinned = pinnedVersions(new String(lock, UTF_8), python);
        Map<String, String> locked = new LinkedHashMap<>();
        for (String packageName : list(properties, "packages")) {
            String version = pinned.get(normalize(packageName));
            if (version == null) {
                throw new IllegalStateException("%s lists package %s, which its requirements.lock does not pin".formatted(descriptor, packageName));
            }
            locked.put(packageName, version);
        }
        Map<String, String> description = new LinkedHashMap<>();
        description.put("en", required(properties, "description.en", descriptor));
        description.put("zh-CN", required(properties, "description.zh", descriptor));
        return new Preset(name, required(properties, "version", descriptor), required(properties, "framework", descriptor), list(properties, "tags"),
                list(properties, "aliases"), description, locked, inputs.toByteArray());
    }

    /** Package (normalized name) to version, for the interpreter version {@code python} ({@code 3.11}). */
    static Map<String, String> pinnedVersions(String lock, String python)
    {
        String[] wanted = python.split("\\.");
        int major = Integer.parseInt(wanted[0]);
        int minor = Integer.parseInt(wanted[1]);
        Map<String, String> versions = new LinkedHashMap<>();
        for (String line : lock.split("\n")) {
            Matcher matcher = REQUIREMENT.matcher(line.strip());
            if (matcher.matches() && appliesTo(matcher.group(3), major, minor)) {
                versions.putIfAbsent(normalize(matcher.group(1)), matcher.group(2));
            }
        }
        return versions;
    }

    /**
     * Whether a requirement's markers hold for this minor Python version. Only the {@code python_full_version}
     * clauses of an all-"and" marker are read: the lock is built for Linux, which the other clauses select.
     */
    private static boolean appliesTo(String markers, int major, int minor)
    {
        if (markers == null || markers.contains(" or ")) {
            return true;
        }
        Matcher clause = PYTHON_CLAUSE.matcher(markers);
        while (clause.find()) {
            int compared = Integer.compare(major * 1000 + minor, Integer.parseInt(clause.group(2)) * 1000 + Integer.parseInt(clause.group(3)));
            boolean holds = switch (clause.group(1)) {
                case "<" -> compared < 0;
                case "<=" -> compared <= 0;
                case ">" -> compared > 0;
                case ">=" -> compared >= 0;
                case "==" -> compared == 0;
                default -> compared != 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String packageName)
    {
        return packageName.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String required(Properties properties, String key, Resource descriptor)
    {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(descriptor + " has no " + key);
        }
        return value.strip();
    }

    private static List<String> list(Properties properties, String key)
    {
        return Arrays.stream(properties.getProperty(key, "").split(",")).map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    private static byte[] bytes(Resource resource)
            throws IOException
    {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
