package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.platform.i18n.KeyedText;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The audit log in the reader's language. Operations and targets are recorded as codes ({@code training-task.create},
 * {@code training-task}), which scripts filter by; a reader sees a label: the operation's own
 * ({@code audit.action.auth.login}) or its verb's applied to its target's ({@code audit.verb.create} of
 * {@code audit.target.training-task}), and the code itself only for what has neither. A refusal's detail names the
 * problem: its code for scripts, its message in the reader's language.
 */
@Component
class AuditTexts
{
    static final String REFUSED = "audit.event.refused";
    // entries recorded before details were keyed: "POST /api/v1/… → training.run.finished"
    private static final String OLD_ARROW = " → ";

    private final MessageSource messages;

    AuditTexts(MessageSource messages)
    {
        this.messages = requireNonNull(messages, "messages is null");
    }

    /**
     * @param actionText the operation in the reader's language; {@code action} stays its code
     * @param targetTypeText the kind of target in the reader's language
     * @param detail the request, and for a refusal the problem's message in the reader's language
     * @param errorCode a refusal's problem code, for scripts; null for a success
     */
    record AuditView(String id, Instant time, String tenantId, String userId, String username, String action, String actionText, String targetType,
            String targetTypeText, String targetId, String targetName, AuditEntry.Result result, int status, String detail, String errorCode, String sourceIp) {}

    /** The detail a call records: its request line, and for a refusal the problem's code and arguments. */
    static String detail(String method, String uri, String errorCode, List<?> args)
    {
        String request = method + " " + uri;
        if (errorCode == null) {
            return request;
        }
        Object[] parts = new Object[args.size() + 2];
        parts[0] = request;
        parts[1] = errorCode;
        for (int i = 0; i < args.size(); i++) {
            parts[i + 2] = String.valueOf(args.get(i));
        }
        return KeyedText.keyed(REFUSED, parts);
    }

    AuditView view(AuditEntry entry, Locale locale)
    {
        Detail detail = detail(entry.detail(), locale);
        return new AuditView(entry.id(), entry.time(), entry.tenantId(), entry.userId(), entry.username(), entry.action(), action(entry.action(), locale),
                entry.targetType(), target(entry.targetType(), locale), entry.targetId(), entry.targetName(), entry.result(), entry.status(), detail.text(),
                detail.errorCode(), entry.sourceIp());
    }

    String action(String action, Locale locale)
    {
        String own = messages.getMessage("audit.action." + action, null, null, locale);
        if (own != null) {
            return own;
        }
        int dot = action.lastIndexOf('.');
        if (dot < 0) {
            return action;
        }
        String verb = messages.getMessage("audit.verb." + action.substring(dot + 1), new Object[] {target(action.substring(0, dot), locale)}, null, locale);
        return verb == null ? action : verb;
    }

    String target(String targetType, Locale locale)
    {
        if (targetType == null) {
            return null;
        }
        return messages.getMessage("audit.target." + targetType, null, targetType, locale);
    }

    private record Detail(String text, String errorCode) {}

    private Detail detail(String detail, Locale locale)
    {
        if (detail == null) {
            return new Detail(null, null);
        }
        Optional<String> code = KeyedText.code(detail);
        if (code.isPresent() && code.get().equals(REFUSED)) {
            // the parts by hand: the problem's message is rendered with its arguments, which KeyedText knows nothing of
            String[] parts = detail.substring(1).split("\u001f", -1);
            String errorCode = parts.length > 2 ? parts[2] : null;
            Object[] args = Arrays.copyOfRange(parts, Math.min(3, parts.length), parts.length);
            String problem = errorCode == null ? "" : messages.getMessage(errorCode, args, errorCode, locale);
            return new Detail(messages.getMessage(REFUSED, new Object[] {parts[1], problem, errorCode}, locale), errorCode);
        }
        int arrow = detail.lastIndexOf(OLD_ARROW);
        if (arrow < 0) {
            return new Detail(detail, null);
        }
        String errorCode = detail.substring(arrow + OLD_ARROW.length());
        String problem = messages.getMessage(errorCode, null, errorCode, locale);
        // a message that needed arguments it no longer has reads worse than the code
        String shown = problem.contains("{") ? errorCode : problem;
        return new Detail(messages.getMessage(REFUSED, new Object[] {detail.substring(0, arrow), shown, errorCode}, locale), errorCode);
    }
}
