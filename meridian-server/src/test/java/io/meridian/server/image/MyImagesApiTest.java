package io.meridian.server.image;

import io.meridian.server.iam.IamTestSupport;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 我的镜像: custom images and registry shares are records of references (never fetched), a share is usable only while
 * enabled and before its deadline, a shared image is offered to the tenant's other users and to no other tenant, and a
 * form's choices list presets first.
 */
class MyImagesApiTest
        extends IamTestSupport
{
    @Test
    void aCustomImageWithTheSshTagIsListedAndOfferedAfterThePresets()
    {
        String name = unique("torch-ssh");
        ApiClient.Response created = admin.post("/api/v1/images/custom", body("name", name, "imageVersion", "v0.5.ssh",
                "image", "registry.example.com/team/" + name + ":v0.5.ssh", "tags", List.of("ssh", "gpu"), "vendor", "NVIDIA", "framework", "PyTorch 2.5"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("source")).isEqualTo("CUSTOM");
        assertThat(created.json().path("usable").asBoolean()).isTrue();
        ApiClient.Response bySsh = admin.get("/api/v1/images/custom?tag=ssh&name=" + name);
        assertThat(bySsh.json().path("items").findValuesAsString("id")).containsExactly(created.text("id"));
        assertThat(admin.get("/api/v1/images/custom?tag=ss&name=" + name).json().path("total").asLong()).isZero();
        List<String> groups = new ArrayList<>();
        for (JsonNode choice : admin.get("/api/v1/images/choices").json()) {
            groups.add(choice.path("group").asString());
        }
        assertThat(groups.getFirst()).isEqualTo("PRESET");
        assertThat(admin.get("/api/v1/images/choices").json().findValuesAsString("image")).contains("registry.example.com/team/" + name + ":v0.5.ssh");
    }

    @Test
    void badFieldsAreNamedInTheCallersLanguageAndNothingIsStored()
    {
        ApiClient zh = admin.inLanguage("zh-CN");
        String name = unique("bad");

        ApiClient.Response refused = zh.post("/api/v1/images/custom", body("name", "Upper Case", "imageVersion", "1", "image", "not a reference",
                "tags", List.of("SSH")));
        ApiClient.Response deadline = admin.post("/api/v1/images/custom", body("name", name, "imageVersion", "1", "image", "example.com/a:1",
                "shareDeadline", Instant.now().plus(1, ChronoUnit.DAYS).toString()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactlyInAnyOrder("name:image.name", "image:runtime.image.invalid", "tags:image.tag");
        assertThat(refused.json().path("errors").findValuesAsString("message")).anyMatch(message -> message.contains("小写字母"));
        assertThat(deadline.fieldErrors()).containsExactly("shareDeadline:image.share-deadline.registry-only");
        assertThat(admin.get("/api/v1/images/custom?name=" + name).json().path("total").asLong()).isZero();
    }

    @Test
    void aRegistryShareNamesAPublicRegistryAndIsUsableOnlyWhileEnabledAndBeforeItsDeadline()
    {
        String name = unique("shared");
        String future = Instant.now().plus(7, ChronoUnit.DAYS).toString();
        List<String> refusedRegistries = List.of("localhost:5000/x:1", "127.0.0.1:5000/x:1", "10.0.0.5/x:1", "169.254.169.254/x:1", "x/y:1");

        for (String image : refusedRegistries) {
            ApiClient.Response refused = admin.post("/api/v1/images/custom", body("name", name, "imageVersion", "1", "image", image,
                    "source", "REGISTRY_SHARE", "shareDeadline", future));
            assertThat(refused.status()).as(image).isEqualTo(400);
            assertThat(refused.fieldErrors()).as(image).containsAnyOf("image:image.registry.private", "image:image.registry.required");
        }
        ApiClient.Response past = admin.post("/api/v1/images/custom", body("name", name, "imageVersion", "1", "image", "ccr.example.com/ns/" + name + ":1",
                "source", "REGISTRY_SHARE", "shareDeadline", "2020-01-01T00:00:00Z"));
        assertThat(past.fieldErrors()).containsExactly("shareDeadline:image.share-deadline.past");

        ApiClient.Response share = admin.post("/api/v1/images/custom", body("name", name, "imageVersion", "1", "image", "ccr.example.com/ns/" + name + ":1",
                "source", "REGISTRY_SHARE", "shareDeadline", future));
        assertThat(share.status()).as(share.toString()).isEqualTo(201);
        assertThat(share.json().path("usable").asBoolean()).isTrue();

        ApiClient.Response disabled = admin.put("/api/v1/images/custom/" + share.text("id"), body("shareEnabled", false, "version", share.json().path("version").asLong()));
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().path("usable").asBoolean()).isFalse();
        JsonNode choice = choiceOf(admin, "ccr.example.com/ns/" + name + ":1");
        assertThat(choice.path("group").asString()).isEqualTo("REGISTRY_SHARE");
        assertThat(choice.path("usable").asBoolean()).isFalse();
        assertThat(choice.path("reason").asString()).isEqualTo("The share is disabled.");
        ApiClient.Response stale = admin.put("/api/v1/images/custom/" + share.text("id"), body("shareEnabled", true, "version", share.json().path("version").asLong()));
        assertThat(stale.status()).isEqualTo(409);
    }

    @Test
    void aSharedImageIsOfferedToTheTenantsOtherUsersWhoMayNotChangeItAndToNoOtherTenant()
    {
        Tenant tenant = newTenant();
        User owner = newUser(tenant.main());
        User colleague = newUser(tenant.main());
        String name = unique("team");
        String id = owner.client().post("/api/v1/images/custom", body("name", name, "imageVersion", "1", "image", "registry.example.com/" + name + ":1")).text("id");
        assertThat(colleague.client().get("/api/v1/images/custom/" + id).status()).isEqualTo(404);

        ApiClient.Response shared = owner.client().post("/api/v1/images/custom/" + id + "/share", null);

        assertThat(shared.json().path("shared").asBoolean()).isTrue();
        assertThat(colleague.client().get("/api/v1/images/shared?name=" + name).json().path("items").findValuesAsString("id")).containsExactly(id);
        assertThat(choiceOf(colleague.client(), "registry.example.com/" + name + ":1").path("group").asString()).isEqualTo("SHARED");
        assertThat(owner.client().get("/api/v1/images/shared?name=" + name).json().path("total").asLong()).isZero();
        assertThat(colleague.client().delete("/api/v1/images/custom/" + id).status()).isEqualTo(403);
        assertThat(newTenant().main().get("/api/v1/images/custom/" + id).status()).isEqualTo(404);

        assertThat(owner.client().delete("/api/v1/images/custom/" + id).status()).isEqualTo(204);
        assertThat(colleague.client().get("/api/v1/images/shared?name=" + name).json().path("total").asLong()).isZero();
    }

    private static JsonNode choiceOf(ApiClient client, String image)
    {
        for (JsonNode choice : client.get("/api/v1/images/choices").json()) {
            if (choice.path("image").asString().equals(image)) {
                return choice;
            }
        }
        throw new AssertionError("no choice " + image);
    }
}
