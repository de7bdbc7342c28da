package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.internal.AuditTexts.AuditView;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** The audit log, searchable by time, user, action, target and result; admins see their tenant, the operator all. */
@RestController
@RequestMapping("/api/v1/audit-events")
class AuditController
{
    private final AuditRepository repository;
    private final AuditTexts texts;

    AuditController(AuditRepository repository, AuditTexts texts)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.texts = requireNonNull(texts, "texts is null");
    }

    @GetMapping
    PageResult<AuditView> list(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String username,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) AuditEntry.Result result,
            @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        Principal principal = CurrentPrincipal.get();
        if (!principal.isAdmin() && !principal.operator()) {
            throw ApiException.forbidden();
        }
        // The operator may look across tenants; everyone else sees only their own tenant's events.
        String scope = principal.operator() ? tenantId : principal.tenantId();
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badParameter("from", "audit.range");
        }
        return repository.search(
                new AuditRepository.AuditQuery(scope, from, to, blankToNull(username), blankToNull(action), blankToNull(targetType), blankToNull(targetId), result),
                PageRequest.of(page, size, sort))
                .map(entry -> texts.view(entry, LocaleContextHolder.getLocale()));
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
