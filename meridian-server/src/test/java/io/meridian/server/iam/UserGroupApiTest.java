package io.meridian.server.iam;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class UserGroupApiTest
        extends IamTestSupport
{
    @Test
    void everyTenantHasTheBuiltInAdminGroupAndTwentyFreeCustomSlots()
    {
        Tenant tenant = newTenant();

        ApiClient.Response groups = tenant.main().get("/api/v1/user-groups");

        assertThat(groups.status()).isEqualTo(200);
        assertThat(groups.json().path("total").asLong()).isEqualTo(1);
        assertThat(groups.json().path("remainingCustomGroups").asLong()).isEqualTo(20);
        assertThat(groups.json().path("items").get(0).path("name").asString()).isEqualTo("admin");
        assertThat(groups.json().path("items").get(0).path("builtin").asBoolean()).isTrue();
        assertThat(groups.json().path("page").asInt()).isEqualTo(1);
        assertThat(groups.json().path("size").asInt()).isEqualTo(10);
    }

    @Test
    void aTenantMayCreateAtMostTwentyCustomGroupsAndTheListSaysHowManyAreLeft()
    {
        Tenant tenant = newTenant();
        for (int created = 1; created <= 20; created++) {
            newGroup(tenant.main());
            assertThat(tenant.main().get("/api/v1/user-groups").json().path("remainingCustomGroups").asLong()).isEqualTo(20 - created);
        }

        ApiClient.Response oneTooMany = tenant.main().post("/api/v1/user-groups", body("name", unique("extra")));
        ApiClient.Response inChinese = tenant.main().inLanguage("zh-CN").post("/api/v1/user-groups", body("name", unique("extra")));

        assertThat(oneTooMany.status()).isEqualTo(409);
        assertThat(oneTooMany.text("code")).isEqualTo("user-group.limit");
        assertThat(oneTooMany.text("detail")).isEqualTo("You can create at most 20 custom user groups.");
        assertThat(inChinese.text("detail")).isEqualTo("最多只能创建 20 个自定义用户组。");
        assertThat(tenant.main().get("/api/v1/user-groups?size=50").json().path("total").asLong()).isEqualTo(21);
    }

    @Test
    void groupNamesFollowTheRuleAndAreUniquePerTenantInAnyCase()
    {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String name = unique("研发部门_");
        assertThat(tenant.main().post("/api/v1/user-groups", body("name", name, "description", "研发部门成员")).status()).isEqualTo(201);

        ApiClient.Response duplicate = tenant.main().post("/api/v1/user-groups", body("name", name.toUpperCase()));
        ApiClient.Response admin = tenant.main().post("/api/v1/user-groups", body("name", "ADMIN"));
        ApiClient.Response invalid = tenant.main().post("/api/v1/user-groups", body("name", "has space", "description", "d".repeat(301)));
        ApiClient.Response tooLong = tenant.main().post("/api/v1/user-groups", body("name", "g".repeat(65)));
        ApiClient.Response missing = tenant.main().post("/api/v1/user-groups", body("description", "no name"));

        assertThat(duplicate.fieldErrors()).containsExactly("name:user-group.name.taken");
        assertThat(admin.fieldErrors()).containsExactly("name:user-group.name.taken");
        assertThat(invalid.fieldErrors()).containsExactlyInAnyOrder("name:validation.name.user-group", "description:validation.max-length");
        assertThat(tooLong.fieldErrors()).containsExactly("name:validation.length");
        assertThat(missing.fieldErrors()).containsExactly("name:validation.required");
        assertThat(other.main().post("/api/v1/user-groups", body("name", name)).status()).isEqualTo(201);
    }

    @Test
    void theBuiltInAdminGroupCannotBeDeletedOrRenamedButCustomGroupsCan()
    {
        Tenant tenant = newTenant();
        String adminGroup = adminGroupId(tenant.main());
        ApiClient.Response builtin = tenant.main().get("/api/v1/user-groups/" + adminGroup);
        String custom = newGroup(tenant.main());

        ApiClient.Response rename = tenant.main().put("/api/v1/user-groups/" + adminGroup, body("name", "root", "version", builtin.json().path("version").asLong()));
        ApiClient.Response describe = tenant.main().put("/api/v1/user-groups/" + adminGroup,
                body("name", "admin", "description", "Everything", "version", builtin.json().path("version").asLong()));
        ApiClient.Response delete = tenant.main().delete("/api/v1/user-groups/" + adminGroup);
        ApiClient.Response renameCustom = tenant.main().put("/api/v1/user-groups/" + custom, body("name", "renamed", "version", 0));
        ApiClient.Response stale = tenant.main().put("/api/v1/user-groups/" + custom, body("name", "again", "version", 0));

        assertThat(rename.fieldErrors()).containsExactly("name:user-group.builtin.rename");
        assertThat(describe.status()).as(describe.toString()).isEqualTo(200);
        assertThat(describe.text("description")).isEqualTo("Everything");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.text("code")).isEqualTo("user-group.builtin.delete");
        assertThat(renameCustom.text("name")).isEqualTo("renamed");
        assertThat(stale.text("code")).isEqualTo("conflict.version");
        assertThat(tenant.main().delete("/api/v1/user-groups/" + custom).status()).isEqualTo(204);
        assertThat(tenant.main().get("/api/v1/user-groups/" + custom).status()).isEqualTo(404);
    }

    @Test
    void membersAreReplacedAsASetAndTheAdminGroupMakesIamAdmins()
    {
        Tenant tenant = newTenant();
        String adminGroup = adminGroupId(tenant.main());
        User dana = newUser(tenant.main());
        User erik = newUser(tenant.main());
        assertThat(dana.client().get("/api/v1/me").text("accountRole")).isEqualTo("ORDINARY");

        ApiClient.Response replaced = tenant.main().put("/api/v1/user-groups/" + adminGroup + "/members", body("userIds", List.of(dana.id(), erik.id())));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().size()).isEqualTo(2);
        assertThat(dana.client().get("/api/v1/me").text("accountRole")).isEqualTo("IAM_ADMIN");
        assertThat(tenant.main().get("/api/v1/user-groups/" + adminGroup).json().path("userCount").asLong()).isEqualTo(2);

        tenant.main().put("/api/v1/user-groups/" + adminGroup + "/members", body("userIds", List.of(erik.id())));

        assertThat(dana.client().get("/api/v1/me").text("accountRole")).isEqualTo("ORDINARY");
        assertThat(erik.client().get("/api/v1/me").text("accountRole")).isEqualTo("IAM_ADMIN");
        assertThat(tenant.main().get("/api/v1/user-groups/" + adminGroup + "/members").json().get(0).path("userId").asString()).isEqualTo(erik.id());
    }

    @Test
    void grantingTheSecondaryAdminPolicyMakesMembersSecondaryAdminsUntilItIsRevoked()
    {
        Tenant tenant = newTenant();
        String groupId = newGroup(tenant.main());
        User frank = newUser(tenant.main(), groupId);

        ApiClient.Response granted = tenant.main().post("/api/v1/user-groups/" + groupId + "/policies",
                body("policyIds", List.of("pol-secondary-admin"), "scope", "GLOBAL"));

        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        assertThat(granted.json().get(0).path("policyId").asString()).isEqualTo("pol-secondary-admin");
        assertThat(granted.json().get(0).path("scope").asString()).isEqualTo("GLOBAL");
        assertThat(frank.client().get("/api/v1/me").text("accountRole")).isEqualTo("SECONDARY_ADMIN");
        assertThat(tenant.main().get("/api/v1/user-groups/" + groupId + "/policies").json().size()).isEqualTo(1);

        ApiClient.Response revoked = tenant.main().delete("/api/v1/user-groups/" + groupId + "/policies/pol-secondary-admin");

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(frank.client().get("/api/v1/me").text("accountRole")).isEqualTo("ORDINARY");
        assertThat(tenant.main().delete("/api/v1/user-groups/" + groupId + "/policies/pol-secondary-admin").status()).isEqualTo(404);
    }

    @Test
    void removingAUserFromAGroupTakesItsPermissionsAwayImmediately()
    {
        Tenant tenant = newTenant();
        String groupId = secondaryAdminGroup(tenant.main());
        User gina = newUser(tenant.main(), groupId);
        assertThat(gina.client().get("/api/v1/me").text("accountRole")).isEqualTo("SECONDARY_ADMIN");

        tenant.main().put("/api/v1/user-groups/" + groupId + "/members", body("userIds", List.of()));

        assertThat(gina.client().get("/api/v1/me").text("accountRole")).isEqualTo("ORDINARY");
    }

    @Test
    void aGrantIsEitherGlobalOrForOneResourcePoolNeverBoth()
    {
        Tenant tenant = newTenant();
        String groupId = newGroup(tenant.main());
        String path = "/api/v1/user-groups/" + groupId + "/policies";

        ApiClient.Response both = tenant.main().post(path, body("policyIds", List.of("pol-common"), "scope", "GLOBAL", "regionId", "hangzhou-7"));
        ApiClient.Response bothInChinese = tenant.main().inLanguage("zh-CN").post(path, body("policyIds", List.of("pol-common"), "scope", "GLOBAL", "regionId", "hangzhou-7"));
        ApiClient.Response regionWithoutPool = tenant.main().post(path, body("policyIds", List.of("pol-common"), "scope", "REGION"));
        ApiClient.Response unknownScope = tenant.main().post(path, body("policyIds", List.of("pol-common"), "scope", "ZONE"));
        ApiClient.Response unknownPolicy = tenant.main().post(path, body("policyIds", List.of("pol-nope"), "scope", "GLOBAL"));
        ApiClient.Response nothing = tenant.main().post(path, body());
        ApiClient.Response pool = tenant.main().post(path, body("policyIds", List.of("pol-common"), "scope", "REGION", "regionId", "hangzhou-7"));

        assertThat(both.fieldErrors()).containsExactly("regionId:policy.scope.one-only");
        assertThat(both.json().path("errors").get(0).path("message").asString()).startsWith("Choose either the global scope or one resource pool");
        assertThat(bothInChinese.json().path("errors").get(0).path("message").asString()).startsWith("只允许选择“资源池”或“全局级”中其中一种");
        assertThat(regionWithoutPool.fieldErrors()).containsExactly("regionId:validation.required");
        assertThat(unknownScope.fieldErrors()).containsExactly("scope:policy.scope.invalid");
        assertThat(unknownPolicy.fieldErrors()).containsExactly("policyIds:policy.unknown");
        assertThat(nothing.fieldErrors()).containsExactlyInAnyOrder("policyIds:validation.required", "scope:validation.required");
        assertThat(pool.status()).as(pool.toString()).isEqualTo(201);
        assertThat(pool.json().get(0).path("scope").asString()).isEqualTo("REGION");
        assertThat(pool.json().get(0).path("regionId").asString()).isEqualTo("hangzhou-7");
    }

    @Test
    void thePolicyCatalogListsTheSystemPoliciesInTheCallersLanguage()
    {
        ApiClient.Response english = admin.get("/api/v1/policies?q=MeridianSecondaryAdmin");
        ApiClient.Response chinese = admin.inLanguage("zh-CN").get("/api/v1/policies?size=50");

        assertThat(english.status()).isEqualTo(200);
        assertThat(english.json().path("items").size()).isEqualTo(1);
        assertThat(english.json().path("items").get(0).path("id").asString()).isEqualTo("pol-secondary-admin");
        assertThat(english.json().path("items").get(0).path("grantsRole").asString()).isEqualTo("SECONDARY_ADMIN");
        assertThat(chinese.json().path("total").asLong()).isEqualTo(3);
        assertThat(chinese.raw()).contains("二级管理员");
        // no other product's internal role codes (V21)
        assertThat(chinese.raw()).doesNotContainIgnoringCase("huiju");
        assertThat(english.raw()).doesNotContainIgnoringCase("huiju");
    }

    @Test
    void onlyIamAdminsManageGroupsAndPolicies()
    {
        Tenant tenant = newTenant();
        String groupId = newGroup(tenant.main());
        User ordinary = newUser(tenant.main());
        User secondary = newUser(tenant.main(), secondaryAdminGroup(tenant.main()));

        for (User caller : List.of(ordinary, secondary)) {
            ApiClient client = caller.client();
            assertThat(client.get("/api/v1/user-groups").status()).isEqualTo(403);
            assertThat(client.post("/api/v1/user-groups", body("name", unique("g"))).status()).isEqualTo(403);
            assertThat(client.put("/api/v1/user-groups/" + groupId + "/members", body("userIds", List.of(caller.id()))).status()).isEqualTo(403);
            assertThat(client.post("/api/v1/user-groups/" + groupId + "/policies", body("policyIds", List.of("pol-admin"), "scope", "GLOBAL")).status()).isEqualTo(403);
            assertThat(client.delete("/api/v1/user-groups/" + groupId).status()).isEqualTo(403);
            assertThat(client.get("/api/v1/policies").status()).isEqualTo(403);
        }
        assertThat(ordinary.client().get("/api/v1/me").text("accountRole")).isEqualTo("ORDINARY");
    }

    @Test
    void anotherTenantsGroupsAreNotFoundAndItsUsersCannotBeAdded()
    {
        Tenant tenantA = newTenant();
        Tenant tenantB = newTenant();
        String groupOfB = newGroup(tenantB.main());
        String groupOfA = newGroup(tenantA.main());
        User userOfB = newUser(tenantB.main());

        assertThat(tenantA.main().get("/api/v1/user-groups/" + groupOfB).status()).isEqualTo(404);
        assertThat(tenantA.main().get("/api/v1/user-groups/" + groupOfB + "/members").status()).isEqualTo(404);
        assertThat(tenantA.main().put("/api/v1/user-groups/" + groupOfB + "/members", body("userIds", List.of())).status()).isEqualTo(404);
        assertThat(tenantA.main().post("/api/v1/user-groups/" + groupOfB + "/policies", body("policyIds", List.of("pol-admin"), "scope", "GLOBAL")).status()).isEqualTo(404);
        assertThat(tenantA.main().delete("/api/v1/user-groups/" + groupOfB).status()).isEqualTo(404);
        assertThat(tenantA.main().put("/api/v1/user-groups/" + groupOfA + "/members", body("userIds", List.of(userOfB.id()))).fieldErrors())
                .containsExactly("userIds:user.unknown");
        assertThat(tenantA.main().post("/api/v1/users", body("username", unique("x"), "password", PASSWORD, "groupIds", List.of(groupOfB))).fieldErrors())
                .containsExactly("groupIds:user-group.unknown");
        assertThat(tenantB.main().get("/api/v1/user-groups/" + groupOfB).status()).isEqualTo(200);
    }
}
