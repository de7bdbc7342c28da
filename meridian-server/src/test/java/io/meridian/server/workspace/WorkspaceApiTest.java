package io.meridian.server.workspace;

import io.meridian.server.iam.IamTestSupport;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceApiTest
        extends IamTestSupport
{
    @Test
    void everyNewTenantGetsADefaultWorkspaceAdministeredByItsMainAccount()
    {
        Tenant tenant = newTenant();

        ApiClient.Response list = tenant.main().get("/api/v1/workspaces");
        ApiClient.Response me = tenant.main().get("/api/v1/me");

        assertThat(list.json().path("total").asLong()).isEqualTo(1);
        JsonNode workspace = list.json().path("items").get(0);
        assertThat(workspace.path("id").asString()).startsWith("aip-");
        assertThat(workspace.path("name").asString()).isEqualTo("default");
        assertThat(workspace.path("isDefault").asBoolean()).isTrue();
        assertThat(workspace.path("ownerId").asString()).isEqualTo(tenant.mainUserId());
        assertThat(workspace.path("ownerName").asString()).isEqualTo(tenant.mainUsername());
        assertThat(workspace.path("memberCount").asLong()).isEqualTo(1);
        assertThat(texts(workspace.path("myRoles"))).containsExactly("WORKSPACE_ADMIN");
        assertThat(me.json().path("workspaces").get(0).path("id").asString()).isEqualTo(workspace.path("id").asString());
        assertThat(texts(me.json().path("workspaces").get(0).path("roles"))).containsExactly("WORKSPACE_ADMIN");
    }

    @Test
    void theFirstTenantHasItsDefaultWorkspaceToo()
    {
        ApiClient.Response list = admin.get("/api/v1/workspaces?q=default&size=200");

        assertThat(stream(list.json().path("items")).filter(workspace -> workspace.path("isDefault").asBoolean()).count()).isEqualTo(1);
    }

    @Test
    void iamAndSecondaryAdminsCreateWorkspacesAndAdministerThemButOrdinaryUsersCannot()
    {
        Tenant tenant = newTenant();
        User secondary = newUser(tenant.main(), secondaryAdminGroup(tenant.main()));
        User ordinary = newUser(tenant.main());

        ApiClient.Response byMain = tenant.main().post("/api/v1/workspaces", body("name", unique("main_ws"), "description", "模型训练"));
        ApiClient.Response bySecondary = secondary.client().post("/api/v1/workspaces", body("name", unique("second_ws")));
        ApiClient.Response byOrdinary = ordinary.client().post("/api/v1/workspaces", body("name", unique("nope")));

        assertThat(byMain.status()).as(byMain.toString()).isEqualTo(201);
        assertThat(byMain.text("id")).startsWith("ws-");
        assertThat(byMain.json().path("isDefault").asBoolean()).isFalse();
        assertThat(byMain.text("description")).isEqualTo("模型训练");
        assertThat(bySecondary.status()).as(bySecondary.toString()).isEqualTo(201);
        assertThat(texts(bySecondary.json().path("myRoles"))).containsExactly("WORKSPACE_ADMIN");
        assertThat(bySecondary.text("ownerId")).isEqualTo(secondary.id());
        assertThat(bySecondary.json().path("memberCount").asLong()).isEqualTo(2);
        assertThat(byOrdinary.status()).isEqualTo(403);
        assertThat(byOrdinary.text("code")).isEqualTo("forbidden");

        // The secondary admin sees only their own workspaces; IAM admins see all of the tenant's, as implicit admins.
        assertThat(ids(secondary.client().get("/api/v1/workspaces"))).containsExactly(bySecondary.text("id"));
        assertThat(ids(tenant.main().get("/api/v1/workspaces"))).hasSize(3).contains(bySecondary.text("id"), byMain.text("id"));
        assertThat(ids(ordinary.client().get("/api/v1/workspaces"))).isEmpty();
        assertThat(texts(tenant.main().get("/api/v1/workspaces/" + bySecondary.text("id")).json().path("myRoles"))).containsExactly("WORKSPACE_ADMIN");
    }

    @Test
    void workspaceNamesFollowTheSpecsRuleAndAreUniquePerTenant()
    {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        String name = "a中文_" + unique("x");
        assertThat(tenant.main().post("/api/v1/workspaces", body("name", name)).status()).isEqualTo(201);

        ApiClient.Response duplicate = tenant.main().post("/api/v1/workspaces", body("name", name.toUpperCase()));
        ApiClient.Response startsWithDigit = tenant.main().post("/api/v1/workspaces", body("name", "1abc"));
        ApiClient.Response hyphen = tenant.main().post("/api/v1/workspaces", body("name", "ab-c", "description", "d".repeat(301)));
        ApiClient.Response tooLong = tenant.main().post("/api/v1/workspaces", body("name", "a".repeat(26)));
        ApiClient.Response missing = tenant.main().post("/api/v1/workspaces", body("description", "no name"));
        ApiClient.Response inChinese = tenant.main().inLanguage("zh-CN").post("/api/v1/workspaces", body("name", name));
        // 001-B §4.5.1 allows Chinese; "需字母开头" excludes leading digits and underscores, not a Chinese first character
        ApiClient.Response chineseOnly = tenant.main().post("/api/v1/workspaces", body("name", "训练空间"));
        ApiClient.Response startsWithUnderscore = tenant.main().post("/api/v1/workspaces", body("name", "_abc"));

        assertThat(duplicate.fieldErrors()).containsExactly("name:workspace.name.taken");
        assertThat(startsWithDigit.fieldErrors()).containsExactly("name:validation.name.workspace");
        assertThat(chineseOnly.status()).isEqualTo(201);
        assertThat(startsWithUnderscore.fieldErrors()).containsExactly("name:validation.name.workspace");
        assertThat(hyphen.fieldErrors()).containsExactlyInAnyOrder("name:validation.name.workspace", "description:validation.max-length");
        assertThat(tooLong.fieldErrors()).containsExactly("name:validation.length");
        assertThat(missing.fieldErrors()).containsExactly("name:validation.required");
        assertThat(duplicate.json().path("errors").get(0).path("message").asString()).isEqualTo("A workspace with this name already exists in your tenant.");
        assertThat(inChinese.json().path("errors").get(0).path("message").asString()).isEqualTo("同租户下已存在同名工作空间。");
        assertThat(tenant.main().post("/api/v1/workspaces", body("name", "a".repeat(25), "description", "d".repeat(300))).status()).isEqualTo(201);
        assertThat(other.main().post("/api/v1/workspaces", body("name", name)).status()).isEqualTo(201);
    }

    @Test
    void aWorkspaceIsRenamedWithItsVersionAndOnlyCustomWorkspacesAreDeleted()
    {
        Tenant tenant = newTenant();
        String defaultId = ids(tenant.main().get("/api/v1/workspaces")).getFirst();
        ApiClient.Response created = tenant.main().post("/api/v1/workspaces", body("name", unique("ws")));
        String id = created.text("id");

        ApiClient.Response renamed = tenant.main().put("/api/v1/workspaces/" + id, body("name", "renamed", "description", "new", "version", 0));
        ApiClient.Response stale = tenant.main().put("/api/v1/workspaces/" + id, body("name", "again", "version", 0));
        ApiClient.Response deleteDefault = tenant.main().delete("/api/v1/workspaces/" + defaultId);
        ApiClient.Response deleted = tenant.main().delete("/api/v1/workspaces/" + id);

        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("renamed");
        assertThat(renamed.json().path("version").asLong()).isEqualTo(1);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
        assertThat(deleteDefault.status()).isEqualTo(409);
        assertThat(deleteDefault.text("code")).isEqualTo("workspace.default.delete");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(tenant.main().get("/api/v1/workspaces/" + id).status()).isEqualTo(404);
    }

    @Test
    void workspaceAdminsAddEditAndRemoveMembersWithRoles()
    {
        Tenant tenant = newTenant();
        String id = tenant.main().post("/api/v1/workspaces", body("name", unique("team"))).text("id");
        User developer = newUser(tenant.main());

        ApiClient.Response added = tenant.main().post("/api/v1/workspaces/" + id + "/members", body("userId", developer.id(), "roles", List.of("ALGORITHM_DEVELOPER")));

        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.text("username")).isEqualTo(developer.username());
        assertThat(texts(added.json().path("roles"))).containsExactly("ALGORITHM_DEVELOPER");
        assertThat(added.json().path("implicit").asBoolean()).isFalse();
        assertThat(texts(developer.client().get("/api/v1/workspaces/" + id).json().path("myRoles"))).containsExactly("ALGORITHM_DEVELOPER");

        ApiClient.Response edited = tenant.main().put("/api/v1/workspaces/" + id + "/members/" + developer.id(),
                body("roles", List.of("ALGORITHM_DEVELOPER", "ALGORITHM_OPS"), "version", 0));
        ApiClient.Response stale = tenant.main().put("/api/v1/workspaces/" + id + "/members/" + developer.id(), body("roles", List.of("ALGORITHM_OPS"), "version", 0));

        assertThat(texts(edited.json().path("roles"))).containsExactlyInAnyOrder("ALGORITHM_DEVELOPER", "ALGORITHM_OPS");
        assertThat(stale.text("code")).isEqualTo("conflict.version");

        ApiClient.Response removed = tenant.main().delete("/api/v1/workspaces/" + id + "/members/" + developer.id());

        assertThat(removed.status()).isEqualTo(204);
        assertThat(developer.client().get("/api/v1/workspaces/" + id).status()).isEqualTo(404);
        assertThat(tenant.main().delete("/api/v1/workspaces/" + id + "/members/" + developer.id()).status()).isEqualTo(404);
    }

    @Test
    void iamAdminsAreImplicitWorkspaceAdminsThatCannotBeRemovedInsideTheWorkspace()
    {
        Tenant tenant = newTenant();
        User secondary = newUser(tenant.main(), secondaryAdminGroup(tenant.main()));
        User subAdmin = newUser(tenant.main(), adminGroupId(tenant.main()));
        String id = secondary.client().post("/api/v1/workspaces", body("name", unique("sl_ws"))).text("id");

        ApiClient.Response members = secondary.client().get("/api/v1/workspaces/" + id + "/members");

        assertThat(members.json().path("total").asLong()).isEqualTo(3);
        List<String> implicit = new ArrayList<>();
        members.json().path("items").forEach(member -> {
            if (member.path("implicit").asBoolean()) {
                implicit.add(member.path("userId").asString());
                assertThat(texts(member.path("roles"))).contains("WORKSPACE_ADMIN");
            }
        });
        assertThat(implicit).containsExactlyInAnyOrder(tenant.mainUserId(), subAdmin.id());

        ApiClient.Response remove = secondary.client().delete("/api/v1/workspaces/" + id + "/members/" + subAdmin.id());
        ApiClient.Response removeInChinese = secondary.client().inLanguage("zh-CN").delete("/api/v1/workspaces/" + id + "/members/" + subAdmin.id());
        ApiClient.Response edit = secondary.client().put("/api/v1/workspaces/" + id + "/members/" + tenant.mainUserId(), body("roles", List.of("ALGORITHM_OPS"), "version", 0));
        ApiClient.Response add = secondary.client().post("/api/v1/workspaces/" + id + "/members", body("userId", subAdmin.id(), "roles", List.of("ALGORITHM_OPS")));

        assertThat(remove.status()).isEqualTo(409);
        assertThat(remove.text("code")).isEqualTo("workspace.member.implicit");
        assertThat(remove.text("detail")).contains(subAdmin.username()).contains("remove them from the IAM admin group instead");
        assertThat(removeInChinese.text("detail")).contains("请将其移出 IAM 的 admin 用户组");
        assertThat(edit.text("code")).isEqualTo("workspace.member.implicit");
        assertThat(add.text("code")).isEqualTo("workspace.member.implicit");

        // Leaving the admin group ends the implicit membership at once.
        tenant.main().put("/api/v1/user-groups/" + adminGroupId(tenant.main()) + "/members", body("userIds", List.of()));
        assertThat(subAdmin.client().get("/api/v1/workspaces/" + id).status()).isEqualTo(404);
        assertThat(secondary.client().get("/api/v1/workspaces/" + id + "/members").json().path("total").asLong()).isEqualTo(2);
    }

    @Test
    void aGroupGrantedTheAdministratorPolicyMakesItsMembersImplicitAdminsOfEveryWorkspace()
    {
        Tenant tenant = newTenant();
        String id = tenant.main().post("/api/v1/workspaces", body("name", unique("p"))).text("id");
        String groupId = newGroup(tenant.main());
        User user = newUser(tenant.main(), groupId);
        assertThat(user.client().get("/api/v1/workspaces/" + id).status()).isEqualTo(404);

        tenant.main().post("/api/v1/user-groups/" + groupId + "/policies", body("policyIds", List.of("pol-admin"), "scope", "GLOBAL"));

        assertThat(user.client().get("/api/v1/me").text("accountRole")).isEqualTo("IAM_ADMIN");
        assertThat(texts(user.client().get("/api/v1/workspaces/" + id).json().path("myRoles"))).containsExactly("WORKSPACE_ADMIN");
        assertThat(tenant.main().get("/api/v1/workspaces/" + id + "/members").json().path("items").toString())
                .contains("\"userId\":\"" + user.id() + "\"");
        assertThat(ids(user.client().get("/api/v1/workspaces"))).hasSize(2);
    }

    @Test
    void memberRequestsAreValidated()
    {
        Tenant tenant = newTenant();
        String id = tenant.main().post("/api/v1/workspaces", body("name", unique("v"))).text("id");
        User user = newUser(tenant.main());
        User userOfOtherTenant = newUser(newTenant().main());
        tenant.main().post("/api/v1/workspaces/" + id + "/members", body("userId", user.id(), "roles", List.of("ALGORITHM_OPS")));

        assertThat(tenant.main().post("/api/v1/workspaces/" + id + "/members", body("userId", user.id(), "roles", List.of())).fieldErrors())
                .containsExactly("roles:validation.required");
        assertThat(tenant.main().post("/api/v1/workspaces/" + id + "/members", body("roles", List.of("OWNER"))).fieldErrors())
                .containsExactlyInAnyOrder("userId:validation.required", "roles:workspace.role.invalid");
        assertThat(tenant.main().post("/api/v1/workspaces/" + id + "/members", body("userId", user.id(), "roles", List.of("ALGORITHM_DEVELOPER"))).text("code"))
                .isEqualTo("workspace.member.exists");
        assertThat(tenant.main().post("/api/v1/workspaces/" + id + "/members", body("userId", userOfOtherTenant.id(), "roles", List.of("ALGORITHM_OPS"))).status())
                .isEqualTo(404);
    }

    @Test
    void theMatrixRowsWithEndpointsAreEnforcedOverHttp()
    {
        Tenant tenant = newTenant();
        String id = tenant.main().post("/api/v1/workspaces", body("name", unique("m"))).text("id");
        User workspaceAdmin = newUser(tenant.main());
        User developer = newUser(tenant.main());
        User ops = newUser(tenant.main());
        User outsider = newUser(tenant.main());
        User newcomer = newUser(tenant.main());
        addMember(tenant.main(), id, workspaceAdmin, "WORKSPACE_ADMIN");
        addMember(tenant.main(), id, developer, "ALGORITHM_DEVELOPER");
        addMember(tenant.main(), id, ops, "ALGORITHM_OPS");
        String members = "/api/v1/workspaces/" + id + "/members";

        for (User member : List.of(developer, ops)) {
            // 工作空间用户-列表: allowed; 添加/编辑/删除 and 工作空间配置: not allowed.
            assertThat(member.client().get(members).status()).isEqualTo(200);
            assertThat(member.client().get("/api/v1/workspaces/" + id).status()).isEqualTo(200);
            assertThat(member.client().post(members, body("userId", newcomer.id(), "roles", List.of("ALGORITHM_OPS"))).status()).isEqualTo(403);
            assertThat(member.client().put(members + "/" + developer.id(), body("roles", List.of("ALGORITHM_OPS"), "version", 0)).status()).isEqualTo(403);
            assertThat(member.client().delete(members + "/" + ops.id()).status()).isEqualTo(403);
            assertThat(member.client().put("/api/v1/workspaces/" + id, body("name", unique("x"), "version", 0)).status()).isEqualTo(403);
            assertThat(member.client().delete("/api/v1/workspaces/" + id).status()).isEqualTo(403);
        }

        // A workspace admin manages members and the configuration, though only account admins delete workspaces.
        assertThat(workspaceAdmin.client().post(members, body("userId", newcomer.id(), "roles", List.of("ALGORITHM_OPS"))).status()).isEqualTo(201);
        assertThat(workspaceAdmin.client().put(members + "/" + newcomer.id(), body("roles", List.of("ALGORITHM_DEVELOPER"), "version", 0)).status()).isEqualTo(200);
        assertThat(workspaceAdmin.client().delete(members + "/" + newcomer.id()).status()).isEqualTo(204);
        assertThat(workspaceAdmin.client().put("/api/v1/workspaces/" + id, body("name", unique("cfg"), "version", 0)).status()).isEqualTo(200);
        assertThat(workspaceAdmin.client().delete("/api/v1/workspaces/" + id).status()).isEqualTo(403);

        // Non-members of the tenant see nothing: the workspace is not found.
        assertThat(outsider.client().get("/api/v1/workspaces/" + id).status()).isEqualTo(404);
        assertThat(outsider.client().get(members).status()).isEqualTo(404);
        assertThat(outsider.client().post(members, body("userId", outsider.id(), "roles", List.of("WORKSPACE_ADMIN"))).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsWorkspacesAndMembersAreNotFound()
    {
        Tenant tenantA = newTenant();
        Tenant tenantB = newTenant();
        String workspaceOfB = tenantB.main().post("/api/v1/workspaces", body("name", unique("b"))).text("id");
        User memberOfB = newUser(tenantB.main());
        addMember(tenantB.main(), workspaceOfB, memberOfB, "ALGORITHM_OPS");
        String members = "/api/v1/workspaces/" + workspaceOfB + "/members";

        assertThat(tenantA.main().get("/api/v1/workspaces/" + workspaceOfB).status()).isEqualTo(404);
        assertThat(tenantA.main().put("/api/v1/workspaces/" + workspaceOfB, body("name", "x", "version", 0)).status()).isEqualTo(404);
        assertThat(tenantA.main().delete("/api/v1/workspaces/" + workspaceOfB).status()).isEqualTo(404);
        assertThat(tenantA.main().get(members).status()).isEqualTo(404);
        assertThat(tenantA.main().post(members, body("userId", tenantA.mainUserId(), "roles", List.of("ALGORITHM_OPS"))).status()).isEqualTo(404);
        assertThat(tenantA.main().put(members + "/" + memberOfB.id(), body("roles", List.of("ALGORITHM_OPS"), "version", 0)).status()).isEqualTo(404);
        assertThat(tenantA.main().delete(members + "/" + memberOfB.id()).status()).isEqualTo(404);
        assertThat(ids(tenantA.main().get("/api/v1/workspaces?q=" + workspaceOfB))).isEmpty();
        assertThat(tenantB.main().get(members).json().path("total").asLong()).isEqualTo(2);
    }

    @Test
    void aDeletedUserLeavesEveryWorkspace()
    {
        Tenant tenant = newTenant();
        String id = tenant.main().post("/api/v1/workspaces", body("name", unique("d"))).text("id");
        User leaver = newUser(tenant.main());
        addMember(tenant.main(), id, leaver, "ALGORITHM_DEVELOPER");
        assertThat(tenant.main().get("/api/v1/workspaces/" + id).json().path("memberCount").asLong()).isEqualTo(2);

        assertThat(tenant.main().delete("/api/v1/users/" + leaver.id()).status()).isEqualTo(204);

        assertThat(tenant.main().get("/api/v1/workspaces/" + id).json().path("memberCount").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workspace_members WHERE user_id = ?").param(leaver.id()).query(Long.class).single()).isZero();
    }

    @Test
    void theWorkspaceListSearchesByNameOrIdAndPages()
    {
        Tenant tenant = newTenant();
        String first = tenant.main().post("/api/v1/workspaces", body("name", "alpha_" + unique("s"))).text("id");
        tenant.main().post("/api/v1/workspaces", body("name", "beta_" + unique("s")));

        assertThat(ids(tenant.main().get("/api/v1/workspaces?q=ALPHA"))).containsExactly(first);
        assertThat(ids(tenant.main().get("/api/v1/workspaces?q=" + first))).containsExactly(first);
        assertThat(ids(tenant.main().get("/api/v1/workspaces?sort=name,asc&size=1&page=2"))).hasSize(1);
        assertThat(tenant.main().get("/api/v1/workspaces?size=1").json().path("total").asLong()).isEqualTo(3);
        assertThat(tenant.main().get("/api/v1/workspaces?sort=tenant_id").fieldErrors()).containsExactly("sort:validation.sort.field");
    }

    private static void addMember(ApiClient as, String workspaceId, User user, String... roles)
    {
        ApiClient.Response added = as.post("/api/v1/workspaces/" + workspaceId + "/members", body("userId", user.id(), "roles", List.of(roles)));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    private static List<String> ids(ApiClient.Response list)
    {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return stream(list.json().path("items")).map(item -> item.path("id").asString()).toList();
    }

    private static Stream<JsonNode> stream(JsonNode array)
    {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> texts(JsonNode array)
    {
        return stream(array).map(JsonNode::asString).toList();
    }
}
