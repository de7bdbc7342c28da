package io.meridian.server.environment;

import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/images}: the preset images, read from the repository's environments/ packaged into the server. This
 * server's environments root is the machine's where {@code bin/meridian-env} installed {@code pytorch} (see
 * ApiTestSupport), else its new home's, empty: what the API says installed follows that; {@code EnvironmentServiceTest}
 * covers both cases on roots of its own.
 */
class ImageApiTest
        extends ApiTestSupport
{
    private final Optional<PythonEnvironment> pytorch = Environments.installed("pytorch");

    @Test
    void listsThePresetImagesWithTheirPinnedVersions()
    {
        ApiClient.Response images = admin.get("/api/v1/images");

        assertThat(images.status()).as(images.raw()).isEqualTo(200);
        assertThat(names(images.json().path("items"))).containsExactly("pytorch", "tensorflow");
        JsonNode pytorch = images.json().path("items").get(0);
        assertThat(pytorch.path("version").asString()).isEqualTo("2.15.0");
        assertThat(pytorch.path("framework").asString()).isEqualTo("PyTorch 2.15.0");
        assertThat(strings(pytorch.path("tags"))).contains("torchrun", "deepspeed");
        assertThat(strings(pytorch.path("images"))).startsWith("pytorch:2.15.0", "pytorch").contains("pytorch/pytorch");
        assertThat(pytorch.path("packages").path("torch").asString()).isEqualTo("2.15.0");
        assertThat(pytorch.path("packages").path("deepspeed").asString()).isEqualTo("0.19.8");
        assertThat(pytorch.path("description").path("en").asString()).startsWith("PyTorch 2.15 with torchrun");
        assertThat(pytorch.path("description").path("zh-CN").asString()).startsWith("PyTorch 2.15（含 torchrun");
        assertThat(pytorch.path("installed").asBoolean()).isEqualTo(this.pytorch.isPresent());
        assertThat(pytorch.path("installedAt").isNull()).isEqualTo(this.pytorch.isEmpty());
        JsonNode tensorflow = images.json().path("items").get(1);
        assertThat(tensorflow.path("packages").path("tensorflow-cpu").asString()).isEqualTo("2.21.0");
        // the lock pins numpy twice, for Python 3.11 and for 3.12 on: the environment's interpreter is 3.11
        assertThat(tensorflow.path("packages").path("numpy").asString()).isEqualTo("2.4.6");
    }

    @Test
    void filtersByNameAndTagAndFindsOneByName()
    {
        assertThat(names(admin.get("/api/v1/images?tag=parameter-server").json().path("items"))).containsExactly("tensorflow");
        assertThat(names(admin.get("/api/v1/images?name=TORCH").json().path("items"))).containsExactly("pytorch");
        assertThat(admin.get("/api/v1/images?name=nothing-like-it").json().path("total").asInt()).isZero();
        assertThat(admin.get("/api/v1/images/tensorflow").json().path("framework").asString()).isEqualTo("TensorFlow 2.21.0");

        ApiClient.Response missing = admin.inLanguage("zh-CN").get("/api/v1/images/caffe");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("code")).isEqualTo("not-found");
        assertThat(missing.text("detail")).isEqualTo("image“caffe”不存在。");
    }

    @Test
    void saysWhatAnImageRunsWith()
    {
        ApiClient.Response preset = admin.get("/api/v1/images/resolution?image=pytorch:2.15");
        assertThat(preset.status()).as(preset.raw()).isEqualTo(200);
        assertThat(preset.text("preset")).isEqualTo("pytorch");
        assertThat(preset.json().path("installed").asBoolean()).isEqualTo(pytorch.isPresent());
        assertThat(preset.json().path("environment").isNull()).isEqualTo(pytorch.isEmpty());
        assertThat(preset.text("note")).startsWith(pytorch.isPresent()
                ? "image pytorch:2.15 runs in environment pytorch 2.15.0 ("
                : "image pytorch:2.15 is the preset pytorch 2.15.0, which is not installed on this host (bin/meridian-env install pytorch)");

        ApiClient.Response custom = admin.get("/api/v1/images/resolution?image=registry.example.com/team/pytorch:2.3-cuda12");
        assertThat(custom.json().path("preset").isNull()).isTrue();
        assertThat(custom.text("note")).startsWith("image registry.example.com/team/pytorch:2.3-cuda12 is not a preset image: the job runs with the system's interpreter ");
    }

    @Test
    void refusesWhatIsNotAnImageReferenceInTheCallersLanguage()
    {
        ApiClient.Response refused = admin.inLanguage("zh-CN").get("/api/v1/images/resolution?image=Not%20An%20Image!");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("image:environment.image.invalid");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).startsWith("请输入不超过 255 个字符的镜像地址");
        assertThat(admin.get("/api/v1/images/resolution?image=Not%20An%20Image!").json().path("errors").get(0).path("message").asString())
                .startsWith("Enter an image reference of at most 255 characters");
        assertThat(admin.get("/api/v1/images/resolution").fieldErrors()).containsExactly("image:validation.required");
        assertThat(admin.get("/api/v1/images?name=" + "x".repeat(65)).fieldErrors()).containsExactly("name:validation.max-length");
        assertThat(anonymous.get("/api/v1/images").status()).isEqualTo(401);
    }

    private static List<String> names(JsonNode items)
    {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("name").asString()));
        return names;
    }

    private static List<String> strings(JsonNode array)
    {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
