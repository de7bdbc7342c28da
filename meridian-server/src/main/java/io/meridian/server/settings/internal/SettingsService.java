package io.meridian.server.settings.internal;

import io.meridian.server.iam.UserDirectory;
import io.meridian.server.iam.UserSummary;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.settings.DefaultQueueSharing;
import io.meridian.server.settings.EffectiveLimits;
import io.meridian.server.settings.UserLimits;
import io.meridian.server.settings.internal.SettingsRepository.TenantSettings;
import io.meridian.server.settings.internal.SettingsRepository.UserLimit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * 设置 (001-B §4.3): the tenant's per-user limit defaults and per-user overrides, for IAM admins. Values are whole
 * numbers from 0 to 1,000,000: the spec gives defaults (10000, 10000, 512 GiB) but no range, and a bound keeps a typo
 * from meaning "unlimited"; 0 blocks the user.
 */
@Service
class SettingsService
        implements UserLimits, DefaultQueueSharing
{
    static final long MAX_VALUE = 1_000_000;

    private final SettingsRepository repository;
    private final UserDirectory users;
    private final Clock clock;

    SettingsService(SettingsRepository repository, UserDirectory users, Clock clock)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.users = requireNonNull(users, "users is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code defaultQueueForAllWorkspaces} absent keeps its value (clients that predate it send the limits only). */
    record SettingsChange(Long maxConcurrentCards, Long maxCpuCores, Long initialParallelStorageGiB, Boolean defaultQueueForAllWorkspaces, Long version) {}

    record LimitChange(Long maxConcurrentCards, Long maxCpuCores, Long version) {}

    record UserLimitView(String userId, String username, String displayName, long maxConcurrentCards, long maxCpuCores, boolean overridden,
            Instant updatedAt, long version) {}

    @Override
    public EffectiveLimits effectiveLimits(String tenantId, String userId)
    {
        TenantSettings settings = repository.settings(tenantId);
        Optional<UserLimit> limit = repository.limit(tenantId, userId);
        return new EffectiveLimits(
                limit.map(UserLimit::maxConcurrentCards).orElse(settings.maxConcurrentCards()),
                limit.map(UserLimit::maxCpuCores).orElse(settings.maxCpuCores()),
                settings.initialParallelStorageGiB(),
                limit.isPresent());
    }

    @Override
    public boolean defaultQueueForAllWorkspaces(String tenantId)
    {
        return repository.settings(tenantId).defaultQueueForAllWorkspaces();
    }

    TenantSettings settings(Principal caller)
    {
        requireIamAdmin(caller);
        return repository.settings(caller.tenantId());
    }

    @Transactional
    TenantSettings update(Principal caller, SettingsChange change)
    {
        requireIamAdmin(caller);
        FieldRules.check()
                .range("maxConcurrentCards", change.maxConcurrentCards(), 0, MAX_VALUE)
                .range("maxCpuCores", change.maxCpuCores(), 0, MAX_VALUE)
                .range("initialParallelStorageGiB", change.initialParallelStorageGiB(), 0, MAX_VALUE)
                .required("version", change.version())
                .throwIfAny();
        boolean sharing = change.defaultQueueForAllWorkspaces() == null
                ? repository.settings(caller.tenantId()).defaultQueueForAllWorkspaces()
                : change.defaultQueueForAllWorkspaces();
        boolean saved;
        try {
            saved = repository.saveSettings(caller.tenantId(), change.maxConcurrentCards(), change.maxCpuCores(), change.initialParallelStorageGiB(),
                    sharing, change.version(), clock.instant());
        }
        catch (DuplicateKeyException e) {
            // Someone saved the tenant's first settings at the same time.
            saved = false;
        }
        if (!saved) {
            throw ApiException.staleVersion("settings", caller.tenantId());
        }
        return repository.settings(caller.tenantId());
    }

    PageResult<UserLimitView> limits(Principal caller, String text, PageRequest page)
    {
        requireIamAdmin(caller);
        List<UserLimit> limits = repository.limits(caller.tenantId());
        Map<String, UserSummary> names = users.findAll(caller.tenantId(), limits.stream().map(UserLimit::userId).toList()).stream()
                .collect(Collectors.toMap(UserSummary::id, Function.identity()));
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        List<UserLimitView> views = limits.stream()
                .filter(limit -> names.containsKey(limit.userId()))
                .map(limit -> view(names.get(limit.userId()), limit))
                .filter(view -> view.username().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        return PageResult.slice(views, page);
    }

    UserLimitView limit(Principal caller, String userId)
    {
        requireIamAdmin(caller);
        UserSummary user = users.require(caller, userId);
        return repository.limit(caller.tenantId(), user.id())
                .map(limit -> view(user, limit))
                .orElseGet(() -> {
                    EffectiveLimits effective = effectiveLimits(caller.tenantId(), user.id());
                    return new UserLimitView(user.id(), user.username(), user.displayName(), effective.maxConcurrentCards(), effective.maxCpuCores(),
                            false, null, 0);
                });
    }

    /** Sets the user's override: a new one needs no version, changing an existing one needs the version it was read at. */
    @Transactional
    UserLimitView updateLimit(Principal caller, String userId, LimitChange change)
    {
        requireIamAdmin(caller);
        UserSummary user = users.require(caller, userId);
        Optional<UserLimit> existing = repository.limit(caller.tenantId(), user.id());
        FieldRules.check()
                .range("maxConcurrentCards", change.maxConcurrentCards(), 0, MAX_VALUE)
                .range("maxCpuCores", change.maxCpuCores(), 0, MAX_VALUE)
                .rule(existing.isEmpty() || change.version() != null, "version", "validation.required")
                .throwIfAny();
        Instant now = clock.instant();
        if (existing.isEmpty()) {
            try {
                repository.insertLimit(caller.tenantId(), user.id(), change.maxConcurrentCards(), change.maxCpuCores(), caller.userId(), now);
            }
            catch (DuplicateKeyException e) {
                throw ApiException.staleVersion("user-limit", user.id());
            }
        }
        else if (repository.updateLimit(caller.tenantId(), user.id(), change.maxConcurrentCards(), change.maxCpuCores(), caller.userId(),
                change.version(), now) == 0) {
            throw ApiException.staleVersion("user-limit", user.id());
        }
        return limit(caller, user.id());
    }

    /** Back to the tenant's defaults. */
    @Transactional
    void deleteLimit(Principal caller, String userId)
    {
        requireIamAdmin(caller);
        UserSummary user = users.require(caller, userId);
        repository.deleteLimit(caller.tenantId(), user.id());
    }

    private static UserLimitView view(UserSummary user, UserLimit limit)
    {
        return new UserLimitView(user.id(), user.username(), user.displayName(), limit.maxConcurrentCards(), limit.maxCpuCores(), true,
                limit.updatedAt(), limit.version());
    }

    private static void requireIamAdmin(Principal caller)
    {
        if (!caller.isIamAdmin()) {
            throw ApiException.forbidden();
        }
    }
}
