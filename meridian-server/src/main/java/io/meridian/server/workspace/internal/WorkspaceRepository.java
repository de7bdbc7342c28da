package io.meridian.server.workspace.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.workspace.WorkspaceRole;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

@Repository
class WorkspaceRepository
{
    record WorkspaceRecord(String id, String tenantId, String name, String description, boolean isDefault, String createdBy, Instant createdAt, long version) {}

    record MemberRecord(String workspaceId, String userId, Set<WorkspaceRole> roles, Instant addedAt, long version) {}

    private static final Map<String, String> SORTABLE = Map.of(
            "name", "name",
            "createdAt", "created_at");

    private static final RowMapper<WorkspaceRecord> WORKSPACE = (rs, row) -> new WorkspaceRecord(
            rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("description"), rs.getBoolean("is_default"),
            rs.getString("created_by"), Db.instant(rs, "created_at"), rs.getLong("version"));

    private static final RowMapper<MemberRecord> MEMBER = (rs, row) -> new MemberRecord(
            rs.getString("workspace_id"), rs.getString("user_id"), parseRoles(rs.getString("roles")), Db.instant(rs, "added_at"), rs.getLong("version"));

    private final JdbcClient jdbc;

    WorkspaceRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    Optional<WorkspaceRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM workspaces WHERE id = ? AND tenant_id = ?").params(id, tenantId).query(WORKSPACE).optional();
    }

    /**
     * A user's membership roles in a workspace of the tenant, read together with the workspace's existence: empty if the
     * tenant has no such workspace, an empty set if the user is not a member. One read, as every permission check needs.
     */
    Optional<Set<WorkspaceRole>> memberRoles(String tenantId, String workspaceId, String userId)
    {
        return jdbc.sql("SELECT m.roles FROM workspaces w LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = ? "
                        + "WHERE w.id = ? AND w.tenant_id = ?")
                .params(userId, workspaceId, tenantId)
                .query((rs, row) -> {
                    String roles = rs.getString(1);
                    return roles == null ? Set.<WorkspaceRole>of() : parseRoles(roles);
                })
                .optional();
    }

    Optional<WorkspaceRecord> findDefault(String tenantId)
    {
        return jdbc.sql("SELECT * FROM workspaces WHERE tenant_id = ? AND is_default = TRUE").param(tenantId).query(WORKSPACE).optional();
    }

    /**
     * One page of the tenant's workspaces whose name contains {@code q} or whose id is {@code q}; only those
     * {@code memberUserId} is a member of, unless it is {@code null} (IAM admins see all).
     */
    List<WorkspaceRecord> search(String tenantId, String memberUserId, String q, PageRequest page)
    {
        Filter filter = filter(tenantId, memberUserId, q);
        List<Object> params = new ArrayList<>(filter.params());
        params.add(page.size());
        params.add(page.offset());
        return jdbc.sql("SELECT * FROM workspaces" + filter.where() + page.orderBy(SORTABLE, "is_default DESC, created_at DESC, id") + " LIMIT ? OFFSET ?")
                .params(params)
                .query(WORKSPACE)
                .list();
    }

    long count(String tenantId, String memberUserId, String q)
    {
        Filter filter = filter(tenantId, memberUserId, q);
        return jdbc.sql("SELECT COUNT(*) FROM workspaces" + filter.where()).params(filter.params()).query(Long.class).single();
    }

    private record Filter(String where, List<Object> params) {}

    private static Filter filter(String tenantId, String memberUserId, String q)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (memberUserId != null) {
            where.append(" AND id IN (SELECT workspace_id FROM workspace_members WHERE user_id = ?)");
            params.add(memberUserId);
        }
        if (q != null && !q.isBlank()) {
            where.append(" AND (LOWER(name) LIKE LOWER(?) ESCAPE '\\' OR id = ?)");
            params.add(Db.contains(q.trim()));
            params.add(q.trim());
        }
        return new Filter(where.toString(), params);
    }

    boolean nameTaken(String tenantId, String name, String exceptId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM workspaces WHERE tenant_id = ? AND LOWER(name) = LOWER(?) AND id <> ?")
                .params(tenantId, name, exceptId == null ? "" : exceptId)
                .query(Long.class)
                .single() > 0;
    }

    void insert(WorkspaceRecord workspace)
    {
        jdbc.sql("INSERT INTO workspaces (id, tenant_id, name, description, is_default, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(workspace.id(), workspace.tenantId(), workspace.name(), workspace.description(), workspace.isDefault(), workspace.createdBy(),
                        Db.ts(workspace.createdAt()))
                .update();
    }

    int update(String id, String name, String description, long version)
    {
        return jdbc.sql("UPDATE workspaces SET name = ?, description = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(name, description, id, version)
                .update();
    }

    void delete(String id)
    {
        jdbc.sql("DELETE FROM workspace_members WHERE workspace_id = ?").param(id).update();
        jdbc.sql("DELETE FROM workspaces WHERE id = ?").param(id).update();
    }

    List<MemberRecord> members(String workspaceId)
    {
        return jdbc.sql("SELECT * FROM workspace_members WHERE workspace_id = ? ORDER BY added_at, user_id").param(workspaceId).query(MEMBER).list();
    }

    Optional<MemberRecord> member(String workspaceId, String userId)
    {
        return jdbc.sql("SELECT * FROM workspace_members WHERE workspace_id = ? AND user_id = ?").params(workspaceId, userId).query(MEMBER).optional();
    }

    void insertMember(String workspaceId, String tenantId, String userId, Set<WorkspaceRole> roles, Instant now)
    {
        jdbc.sql("INSERT INTO workspace_members (workspace_id, tenant_id, user_id, roles, added_at) VALUES (?, ?, ?, ?, ?)")
                .params(workspaceId, tenantId, userId, formatRoles(roles), Db.ts(now))
                .update();
    }

    int updateMember(String workspaceId, String userId, Set<WorkspaceRole> roles, long version)
    {
        return jdbc.sql("UPDATE workspace_members SET roles = ?, version = version + 1 WHERE workspace_id = ? AND user_id = ? AND version = ?")
                .params(formatRoles(roles), workspaceId, userId, version)
                .update();
    }

    int deleteMember(String workspaceId, String userId)
    {
        return jdbc.sql("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?").params(workspaceId, userId).update();
    }

    void deleteMembershipsOf(String tenantId, String userId)
    {
        jdbc.sql("DELETE FROM workspace_members WHERE tenant_id = ? AND user_id = ?").params(tenantId, userId).update();
    }

    private static String formatRoles(Set<WorkspaceRole> roles)
    {
        return roles.stream().sorted().map(WorkspaceRole::name).collect(Collectors.joining(","));
    }

    private static Set<WorkspaceRole> parseRoles(String roles)
    {
        EnumSet<WorkspaceRole> parsed = EnumSet.noneOf(WorkspaceRole.class);
        Arrays.stream(roles.split(",")).map(String::trim).filter(role -> !role.isEmpty()).forEach(role -> parsed.add(WorkspaceRole.valueOf(role)));
        return parsed;
    }
}
