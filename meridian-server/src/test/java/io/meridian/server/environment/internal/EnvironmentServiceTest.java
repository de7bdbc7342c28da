package io.meridian.server.environment.internal;

import io.meridian.server.environment.EnvironmentView;
import io.meridian.server.environment.ResolvedEnvironment;
import io.meridian.server.platform.i18n.KeyedText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environment an image selects, and whether an installation counts, against the presets packaged from the
 * repository's environments/ and real directories: a virtual environment made here, and (where installed) the real
 * environments that bin/meridian-env built.
 */
class EnvironmentServiceTest
{
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    @TempDir
    Path temp;

    private static String english(String described)
    {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages/environment");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return KeyedText.render(messages, Locale.ENGLISH, described);
    }

    private EnvironmentService service(Path root)
    {
        return new EnvironmentService(new PresetCatalog(), root, SYSTEM_PYTHON);
    }

    @Test
    void anImageSelectsAPresetByNameTagOrAlias()
    {
        EnvironmentService service = service(temp);
        for (String image : List.of("pytorch", "pytorch:latest", "pytorch:2", "pytorch:2.15", "pytorch:2.15.0", "pytorch:2.15.0-cuda13", "pytorch:v2.15-cpu",
                "pytorch/pytorch:latest", "pytorch/pytorch:2.15.0-cuda13.2-cudnn9-runtime", "pytorch@sha256:" + "a".repeat(64))) {
            assertThat(service.presetOf(image)).as(image).map(Preset::name).contains("pytorch");
        }
        assertThat(service.presetOf("tensorflow/tensorflow:2.21.0")).map(Preset::name).contains("tensorflow");
        // another version, another registry, another path, or not an image at all: the system's interpreter
        for (String image : List.of("pytorch:1.13", "pytorch:2.1", "pytorch:nightly", "registry.example.com/meridian/pytorch:2.3-cpu", "localhost:5000/pytorch",
                "team/pytorch:2.15", "tensorflow:2.15-cpu", "Not An Image!", "")) {
            assertThat(service.presetOf(image)).as(image).isEmpty();
            assertThat(service.resolve(image)).as(image).isEmpty();
        }
        assertThat(english(service.describe("registry.example.com/meridian/pytorch:2.3-cpu")))
                .isEqualTo("image registry.example.com/meridian/pytorch:2.3-cpu is not a preset image: the job runs with the system's interpreter /usr/bin/python3");
        // a preset that this host lacks runs with the system's interpreter too, and says how to install it
        assertThat(service.resolve("pytorch:2.15")).isEmpty();
        assertThat(english(service.describe("pytorch:2.15"))).isEqualTo("image pytorch:2.15 is the preset pytorch 2.15.0, which is not installed on this host "
                + "(bin/meridian-env install pytorch): the job runs with the system's interpreter /usr/bin/python3");
    }

    @Test
    void anInstallationCountsOnlyWhenCompleteAndBuiltFromThisLock()
            throws Exception
    {
        EnvironmentService service = service(temp);
        Path directory = temp.resolve("pytorch-2.15.0");
        Process venv = new ProcessBuilder(SYSTEM_PYTHON, "-m", "venv", "--without-pip", directory.toString()).inheritIO().start();
        assertThat(venv.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(installed(service, "pytorch")).as("no marker: the installer did not finish").isFalse();

        writeMarker(directory, "0".repeat(64));
        assertThat(installed(service, "pytorch")).as("built from another lock").isFalse();

        // the hash as bin/meridian-env computes it, in the shell, from the repository's files
        writeMarker(directory, shell("{ cat environments/pytorch/pyproject.toml environments/pytorch/requirements.lock; echo " + SYSTEM_PYTHON + "; echo compile-bytecode; } | sha256sum | cut -d' ' -f1"));
        assertThat(installed(service, "pytorch")).isTrue();
        assertThat(installed(service, "tensorflow")).isFalse();
        ResolvedEnvironment resolved = service.resolve("pytorch/pytorch:latest").orElseThrow();
        assertThat(resolved.environment().name()).isEqualTo("pytorch-2.15.0");
        assertThat(resolved.environment().root()).isEqualTo(directory);
        assertThat(resolved.packages()).isEqualTo(Map.of("torch", "2.15.0", "deepspeed", "0.19.8"));
        assertThat(resolved.summary()).isEqualTo("pytorch 2.15.0 (deepspeed 0.19.8, torch 2.15.0)");
        assertThat(english(service.describe("pytorch:2.15"))).isEqualTo("image pytorch:2.15 runs in environment pytorch 2.15.0 (deepspeed 0.19.8, torch 2.15.0) at " + directory);
    }

    @Test
    void agreesWithTheInstallerAboutTheRealEnvironments()
            throws Exception
    {
        Optional<Path> pytorch = installedByTheScript("pytorch");
        Assumptions.assumeTrue(pytorch.isPresent() || Boolean.parseBoolean(System.getenv("MERIDIAN_REQUIRE_ENVIRONMENTS")),
                "the preset environment pytorch is not installed: run bin/meridian-env install pytorch");
        assertThat(pytorch).as("MERIDIAN_REQUIRE_ENVIRONMENTS=true: bin/meridian-env path pytorch must find it").isPresent();
        EnvironmentService service = service(pytorch.get().getParent());

        assertThat(installed(service, "pytorch")).isTrue();
        ResolvedEnvironment resolved = service.resolve("pytorch:2.15").orElseThrow();
        assertThat(resolved.environment().root()).isEqualTo(pytorch.get());
        assertThat(resolved.environment().python()).isExecutable();
        assertThat(resolved.packages()).containsEntry("torch", "2.15.0").containsEntry("deepspeed", "0.19.8");
        assertThat(installed(service, "tensorflow")).isEqualTo(installedByTheScript("tensorflow").isPresent());
    }

    private static boolean installed(EnvironmentService service, String name)
    {
        return service.presets().stream().filter(view -> view.name().equals(name)).findFirst().map(EnvironmentView::installed).orElseThrow();
    }

    private static void writeMarker(Path directory, String lockSha256)
            throws IOException
    {
        Files.writeString(directory.resolve(EnvironmentService.MARKER), String.join("\n", "name=pytorch", "version=2.15.0", "lock_sha256=" + lockSha256,
                "base_python=" + SYSTEM_PYTHON, "created=2026-01-02T03:04:05Z", "package.torch=2.15.0", "package.deepspeed=0.19.8", ""));
    }

    private static Optional<Path> installedByTheScript(String name)
            throws Exception
    {
        Process process = new ProcessBuilder(REPOSITORY.resolve("bin/meridian-env").toString(), "path", name).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? Optional.of(Path.of(out)) : Optional.empty();
    }

    private static String shell(String script)
            throws Exception
    {
        Process process = new ProcessBuilder("/bin/bash", "-c", script).directory(REPOSITORY.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }
}
