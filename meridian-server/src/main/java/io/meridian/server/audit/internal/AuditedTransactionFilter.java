package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.platform.api.ProblemDetailsAdvice;
import io.meridian.server.platform.persistence.CommitSync;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One transaction per mutating API call, so that the call's change and its audit entry commit together or not at all,
 * and nothing is answered before both are durable:
 * <ol>
 * <li>the handler runs in a transaction that the features' own transactions join, with its response held back;</li>
 * <li>a call that succeeded writes its audit entry into that transaction, which commits, and is made durable
 * ({@link CommitSync}) before the response goes out;</li>
 * <li>a refused call commits only what it chose to keep (a failed login's count, for one), unless something in it
 * failed, which rolls all of it back; its entry is then written on its own, so a refused call is audited either way.</li>
 * </ol>
 * The database connection is taken at the first statement, not when the transaction begins, so a long upload does not
 * hold one while its body streams in.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class AuditedTransactionFilter
        extends OncePerRequestFilter
{
    /** The request attribute under which {@link AuditInterceptor} leaves the call's entry. */
    static final String ENTRY = AuditedTransactionFilter.class.getName() + ".entry";

    private static final Logger log = LoggerFactory.getLogger(AuditedTransactionFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PlatformTransactionManager transactions;
    private final TransactionTemplate separately;
    private final AuditLog auditLog;
    private final CommitSync commitSync;
    private final ProblemDetailsAdvice problems;

    AuditedTransactionFilter(PlatformTransactionManager transactions, AuditLog auditLog, CommitSync commitSync, ProblemDetailsAdvice problems)
    {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.auditLog = requireNonNull(auditLog, "auditLog is null");
        this.commitSync = requireNonNull(commitSync, "commitSync is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request)
    {
        return !MUTATING.contains(request.getMethod()) || !request.getRequestURI().startsWith(AuditInterceptor.API_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException
    {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
        try {
            chain.doFilter(request, held);
        }
        catch (IOException | ServletException | RuntimeException | Error e) {
            // what the handler's advice did not answer: nothing of it is kept, the container answers 500
            transactions.rollback(transaction);
            auditSeparately(entry(request), HttpStatus.INTERNAL_SERVER_ERROR.value());
            throw e;
        }
        AuditEntry entry = entry(request);
        boolean succeeded = held.getStatus() < 400;
        if (!succeeded && transaction.isRollbackOnly()) {
            transactions.rollback(transaction);
            auditSeparately(entry, held.getStatus());
        }
        else {
            try {
                if (entry != null) {
                    auditLog.record(entry);
                }
                transactions.commit(transaction);
            }
            catch (RuntimeException e) {
                // commit() rolled back what it could not commit: the call did not happen, and must not say it did
                log.error("Could not commit {} {}", request.getMethod(), request.getRequestURI(), e);
                auditSeparately(entry, HttpStatus.INTERNAL_SERVER_ERROR.value());
                answerInternalError(request, held);
            }
        }
        if (held.getStatus() < 400) {
            // acknowledged only once durable; a refusal has nothing to make durable but its audit entry
            commitSync.sync();
        }
        held.copyBodyToResponse();
    }

    private static AuditEntry entry(HttpServletRequest request)
    {
        return (AuditEntry) request.getAttribute(ENTRY);
    }

    private void auditSeparately(AuditEntry entry, int status)
    {
        if (entry == null) {
            return;
        }
        AuditEntry failed = status == entry.status() ? entry : new AuditEntry(entry.id(), entry.time(), entry.tenantId(), entry.userId(), entry.username(),
                entry.action(), entry.targetType(), entry.targetId(), entry.targetName(), AuditEntry.Result.FAILURE, status, entry.detail(), entry.sourceIp());
        try {
            separately.executeWithoutResult(tx -> auditLog.record(failed));
        }
        catch (RuntimeException e) {
            // the call's own answer stands (it changed nothing); but say loudly that its record is missing
            log.error("Could not record audit entry {} ", failed, e);
        }
    }

    private void answerInternalError(HttpServletRequest request, ContentCachingResponseWrapper held)
            throws IOException
    {
        held.resetBuffer();
        held.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        held.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        held.setCharacterEncoding("UTF-8");
        held.getOutputStream().write(JSON.writeValueAsBytes(problems.body(HttpStatus.INTERNAL_SERVER_ERROR, "internal", request)));
    }
}
