package io.meridian.server.workspace.internal;

import io.meridian.server.iam.UserDirectory;
import io.meridian.server.iam.UserSummary;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.i18n.InstallationLanguage;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.AccountRole;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspaceDeleted;
import io.meridian.server.workspace.WorkspaceDeletionGuard;
import io.meridian.server.workspace.WorkspacePermission;
import io.meridian.server.workspace.WorkspaceRole;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Workspaces and their members (001-B §4.5.1, §4.5.3). Every permission decision goes through {@link WorkspaceAccess}. */
@Service
class WorkspaceService
{
    static final int MAX_DESCRIPTION = 300;
    static final String DEFAULT_NAME = "default";

    record WorkspaceView(String id, String name, String description, boolean isDefault, List<WorkspaceRole> myRoles, String ownerId, String ownerName,
            long memberCount, Instant createdAt, long version) {}

    record NewWorkspace(String name, String description) {}

    record WorkspaceUpdate(String name, String description, Long version) {}

    /** A member; {@code implicit} members are the tenant's IAM admins, who administer every workspace and cannot be removed here. */
    record MemberView(String userId, String username, String displayName, List<WorkspaceRole> roles, boolean implicit, Instant addedAt, long version) {}

    record NewMember(String userId, List<String> roles) {}

    record MemberUpdate(List<String> roles, Long version) {}

    private final WorkspaceRepository workspaces;
    private final WorkspaceLookup lookup;
    private final UserDirectory users;
    private final ObjectProvider<WorkspaceDeletionGuard> guards;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final InstallationLanguage language;

    WorkspaceService(WorkspaceRepository workspaces, WorkspaceLookup lookup, UserDirectory users, ObjectProvider<WorkspaceDeletionGuard> guards,
            ApplicationEventPublisher events, InstallationLanguage language, Clock clock)
    {
        this.language = requireNonNull(language, "language is null");
        this.guards = requireNonNull(guards, "guards is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.users = requireNonNull(users, "users is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The workspaces the caller may enter: all of the tenant's for IAM admins, else those the caller is a member of. */
    PageResult<WorkspaceView> list(Principal caller, String q, PageRequest page)
    {
        String memberFilter = caller.isIamAdmin() ? null : caller.userId();
        List<String> iamAdmins = iamAdminIds(caller.tenantId());
        List<WorkspaceView> items = workspaces.search(caller.tenantId(), memberFilter, q, page).stream()
                .map(workspace -> view(caller, workspace, iamAdmins))
                .toList();
        return PageResult.of(items, workspaces.count(caller.tenantId(), memberFilter, q), page);
    }

    WorkspaceView get(Principal caller, String id)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_ENTER, null);
        return view(caller, requireWorkspace(caller, id), iamAdminIds(caller.tenantId()));
    }

    /** IAM admins and secondary admins create workspaces (001-B §4.5.1, 001-A §1.6); the creator becomes its workspace admin. */
    @Transactional
    WorkspaceView create(Principal caller, NewWorkspace request)
    {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden();
        }
        checkFields(caller, request.name(), request.description(), null, FieldRules.check());
        String id = Ids.newId("ws");
        insert(id, caller.tenantId(), request.name(), request.description(), false, caller.userId());
        return get(caller, id);
    }

    /** Creates the tenant's default workspace, whose id has the spec's {@code aip} prefix; its creator (the main account) is its admin. */
    @Transactional
    void createDefault(String tenantId, String mainUserId)
    {
        if (workspaces.findDefault(tenantId).isEmpty()) {
            insert(Ids.newId("aip"), tenantId, DEFAULT_NAME, language.text("workspace.first-start.description"), true, mainUserId);
        }
    }

    @Transactional
    WorkspaceView update(Principal caller, String id, WorkspaceUpdate request)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_CONFIG_BUTTON, null);
        checkFields(caller, request.name(), request.description(), id, FieldRules.check().required("version", request.version()));
        try {
            Versioned.requireUpdated(workspaces.update(id, request.name(), request.description(), request.version()), "workspace", id);
        }
        catch (DuplicateKeyException e) {
            // Another request took the name between the check and the write.
            throw ApiException.invalidField("name", "workspace.name.taken");
        }
        return get(caller, id);
    }

    /** Deleting takes a workspace admin who is also an account admin (IAM or secondary): ordinary users never delete workspaces. */
    @Transactional
    void delete(Principal caller, String id)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_CONFIG_BUTTON, null);
        if (!caller.isAdmin()) {
            throw ApiException.forbidden();
        }
        WorkspaceRepository.WorkspaceRecord workspace = requireWorkspace(caller, id);
        if (workspace.isDefault()) {
            throw ApiException.conflict("workspace.default.delete");
        }
        // asked lazily: the guards' features depend on this one
        for (WorkspaceDeletionGuard guard : guards.orderedStream().toList()) {
            Optional<ApiException> refusal = guard.refusal(workspace.tenantId(), workspace.id());
            if (refusal.isPresent()) {
                throw refusal.get();
            }
        }
        events.publishEvent(new WorkspaceDeleted(workspace.tenantId(), workspace.id()));
        workspaces.delete(workspace.id());
    }

    PageResult<MemberView> members(Principal caller, String id, String q, PageRequest page)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_USER_LIST, null);
        String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        List<MemberView> members = allMembers(caller, id).stream()
                .filter(member -> member.username().toLowerCase(Locale.ROOT).contains(needle)
                        || (member.displayName() != null && member.displayName().toLowerCase(Locale.ROOT).contains(needle)))
                .toList();
        return PageResult.slice(members, page);
    }

    @Transactional
    MemberView addMember(Principal caller, String id, NewMember request)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_USER_ADD, null);
        FieldRules rules = FieldRules.check().required("userId", request.userId());
        Set<WorkspaceRole> roles = checkRoles(rules, request.roles());
        rules.throwIfAny();
        UserSummary user = users.require(caller, request.userId());
        if (user.accountRole() == AccountRole.IAM_ADMIN) {
            throw ApiException.conflict("workspace.member.implicit", user.username());
        }
        if (workspaces.member(id, user.id()).isPresent()) {
            throw ApiException.conflict("workspace.member.exists", user.username());
        }
        workspaces.insertMember(id, caller.tenantId(), user.id(), roles, clock.instant());
        return requireMember(caller, id, user.id());
    }

    @Transactional
    MemberView updateMember(Principal caller, String id, String userId, MemberUpdate request)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_USER_EDIT, null);
        MemberView member = requireMember(caller, id, userId);
        if (member.implicit()) {
            throw ApiException.conflict("workspace.member.implicit", member.username());
        }
        FieldRules rules = FieldRules.check().required("version", request.version());
        Set<WorkspaceRole> roles = checkRoles(rules, request.roles());
        rules.throwIfAny();
        Versioned.requireUpdated(workspaces.updateMember(id, userId, roles, request.version()), "workspace member", userId);
        return requireMember(caller, id, userId);
    }

    @Transactional
    void deleteMember(Principal caller, String id, String userId)
    {
        lookup.require(caller, id, WorkspacePermission.WORKSPACE_USER_DELETE, null);
        MemberView member = requireMember(caller, id, userId);
        if (member.implicit()) {
            throw ApiException.conflict("workspace.member.implicit", member.username());
        }
        workspaces.deleteMember(id, userId);
    }

    /** A deleted user leaves every workspace of their tenant. */
    @Transactional
    void removeEverywhere(String tenantId, String userId)
    {
        workspaces.deleteMembershipsOf(tenantId, userId);
    }

    private void insert(String id, String tenantId, String name, String description, boolean isDefault, String creatorId)
    {
        Instant now = clock.instant();
        try {
            workspaces.insert(new WorkspaceRepository.WorkspaceRecord(id, tenantId, name, description, isDefault, creatorId, now, 0));
        }
        catch (DuplicateKeyException e) {
            // Another request took the name between the check and the write.
            throw ApiException.invalidField("name", "workspace.name.taken");
        }
        workspaces.insertMember(id, tenantId, creatorId, EnumSet.of(WorkspaceRole.WORKSPACE_ADMIN), now);
    }

    private void checkFields(Principal caller, String name, String description, String exceptId, FieldRules rules)
    {
        rules.name("name", name, NameRule.WORKSPACE).maxLength("description", description, MAX_DESCRIPTION);
        if (!rules.hasViolation("name") && workspaces.nameTaken(caller.tenantId(), name, exceptId)) {
            rules.violate("name", "workspace.name.taken");
        }
        rules.throwIfAny();
    }

    private static Set<WorkspaceRole> checkRoles(FieldRules rules, List<String> requested)
    {
        EnumSet<WorkspaceRole> roles = EnumSet.noneOf(WorkspaceRole.class);
        if (requested == null || requested.isEmpty()) {
            rules.violate("roles", "validation.required");
            return roles;
        }
        for (String role : requested) {
            try {
                roles.add(WorkspaceRole.valueOf(role == null ? "" : role.trim().toUpperCase(Locale.ROOT)));
            }
            catch (IllegalArgumentException e) {
                rules.violate("roles", "workspace.role.invalid");
                break;
            }
        }
        return roles;
    }

    private WorkspaceRepository.WorkspaceRecord requireWorkspace(Principal caller, String id)
    {
        return workspaces.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("workspace", id));
    }

    private MemberView requireMember(Principal caller, String id, String userId)
    {
        return allMembers(caller, id).stream()
                .filter(member -> member.userId().equals(userId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("workspace member", userId));
    }

    /** Explicit members merged with the tenant's IAM admins, who are implicit workspace admins; IAM admins first, then by username. */
    private List<MemberView> allMembers(Principal caller, String id)
    {
        Map<String, WorkspaceRepository.MemberRecord> explicit = new LinkedHashMap<>();
        workspaces.members(id).forEach(member -> explicit.put(member.userId(), member));
        List<MemberView> members = new ArrayList<>();
        for (UserSummary admin : users.iamAdmins(caller.tenantId())) {
            EnumSet<WorkspaceRole> roles = EnumSet.of(WorkspaceRole.WORKSPACE_ADMIN);
            Optional<WorkspaceRepository.MemberRecord> row = Optional.ofNullable(explicit.remove(admin.id()));
            row.ifPresent(member -> roles.addAll(member.roles()));
            members.add(new MemberView(admin.id(), admin.username(), admin.displayName(), List.copyOf(roles), true,
                    row.map(WorkspaceRepository.MemberRecord::addedAt).orElse(null), row.map(WorkspaceRepository.MemberRecord::version).orElse(0L)));
        }
        Map<String, UserSummary> known = new LinkedHashMap<>();
        users.findAll(caller.tenantId(), explicit.keySet()).forEach(user -> known.put(user.id(), user));
        for (WorkspaceRepository.MemberRecord member : explicit.values()) {
            UserSummary user = known.get(member.userId());
            if (user != null) {
                members.add(new MemberView(user.id(), user.username(), user.displayName(), List.copyOf(member.roles()), false, member.addedAt(), member.version()));
            }
        }
        members.sort(Comparator.comparing((MemberView member) -> !member.implicit()).thenComparing(MemberView::username));
        return members;
    }

    private WorkspaceView view(Principal caller, WorkspaceRepository.WorkspaceRecord workspace, List<String> iamAdmins)
    {
        Set<String> memberIds = new HashSet<>(iamAdmins);
        workspaces.members(workspace.id()).forEach(member -> memberIds.add(member.userId()));
        String ownerName = users.find(workspace.tenantId(), workspace.createdBy()).map(UserSummary::username).orElse(null);
        return new WorkspaceView(workspace.id(), workspace.name(), workspace.description(), workspace.isDefault(),
                lookup.roles(caller, workspace.id()).stream().sorted().toList(), workspace.createdBy(), ownerName, memberIds.size(), workspace.createdAt(),
                workspace.version());
    }

    private List<String> iamAdminIds(String tenantId)
    {
        return users.iamAdmins(tenantId).stream().map(UserSummary::id).toList();
    }
}
