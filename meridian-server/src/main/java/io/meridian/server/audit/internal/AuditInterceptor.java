package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditContext;
import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.NotAudited;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records every mutating API call, successful or refused, without each controller having to remember to:
 * action = target type + handler method ({@code queue.create}, {@code node.unbind}), target from the path or the
 * created object, result from the response status. The entry is handed to {@link AuditedTransactionFilter}, which
 * writes it in the call's transaction.
 */
final class AuditInterceptor
        implements HandlerInterceptor
{
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final String API_PREFIX = "/api/v1/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex)
    {
        if (!MUTATING.contains(request.getMethod()) || !(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith(API_PREFIX)
                || method.hasMethodAnnotation(NotAudited.class)) {
            return;
        }
        // written by AuditedTransactionFilter: in the call's own transaction if it succeeded, on its own if not
        request.setAttribute(AuditedTransactionFilter.ENTRY, entry(request, response, method, ex));
    }

    private static AuditEntry entry(HttpServletRequest request, HttpServletResponse response, HandlerMethod method, Exception ex)
    {
        Optional<Principal> principal = CurrentPrincipal.find();
        String targetType = targetType(request.getRequestURI());
        String targetId = (String) request.getAttribute(AuditContext.TARGET_ID);
        if (targetId == null) {
            targetId = pathTarget(request);
        }
        String targetName = (String) request.getAttribute(AuditContext.TARGET_NAME);
        if (targetName == null) {
            targetName = requestedName(request);
        }
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        AuditEntry.Result result = status < 400 ? AuditEntry.Result.SUCCESS : AuditEntry.Result.FAILURE;
        String errorCode = (String) request.getAttribute(ApiException.class.getName());
        List<?> errorArgs = (List<?>) request.getAttribute(ApiException.ARGS_ATTRIBUTE);
        String detail = AuditTexts.detail(request.getMethod(), request.getRequestURI(), errorCode, errorArgs == null ? List.of() : errorArgs);
        return new AuditEntry(
                null,
                Instant.now(),
                principal.map(Principal::tenantId).orElse((String) request.getAttribute(AuditContext.ACTOR_TENANT)),
                principal.map(Principal::userId).orElse((String) request.getAttribute(AuditContext.ACTOR_USER_ID)),
                principal.map(Principal::username).orElse((String) request.getAttribute(AuditContext.ACTOR_USERNAME)),
                targetType + "." + method.getMethod().getName(),
                targetType,
                targetId,
                targetName,
                result,
                status,
                detail,
                request.getRemoteAddr());
    }

    /** The {@code name} (or {@code username}) a request body asked for, if it is JSON and has one. */
    private static String requestedName(HttpServletRequest request)
    {
        ContentCachingRequestWrapper cached = WebUtils.getNativeRequest(request, ContentCachingRequestWrapper.class);
        if (cached == null || cached.getContentAsByteArray().length == 0) {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(cached.getContentAsByteArray());
            JsonNode name = body.has("name") ? body.get("name") : body.get("username");
            return name != null && name.isString() ? name.asString() : null;
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code /api/v1/user-groups/ug-1/members} → {@code user-group}. */
    static String targetType(String uri)
    {
        String rest = uri.substring(API_PREFIX.length());
        int slash = rest.indexOf('/');
        String collection = slash < 0 ? rest : rest.substring(0, slash);
        if (collection.endsWith("ies")) {
            return collection.substring(0, collection.length() - 3) + "y";
        }
        if (collection.endsWith("s") && !collection.endsWith("settings")) {
            return collection.substring(0, collection.length() - 1);
        }
        return collection;
    }

    @SuppressWarnings("unchecked")
    private static String pathTarget(HttpServletRequest request)
    {
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null || variables.isEmpty()) {
            return null;
        }
        return variables.getOrDefault("id", variables.values().iterator().next());
    }
}
