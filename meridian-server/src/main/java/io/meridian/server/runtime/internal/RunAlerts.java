package io.meridian.server.runtime.internal;

import io.meridian.server.notification.AlertEvent;
import io.meridian.server.notification.Notification;
import io.meridian.server.notification.Notifier;
import io.meridian.server.platform.i18n.InstallationLanguage;
import io.meridian.server.platform.i18n.KeyedText;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * 设置告警 (001-A §6.5): tells the owner of a run (of any kind) about the run events they chose — 任务异常 (failed or abnormal), 任务断点续训
 * (a fault-tolerant restart), 任务运行完成 (succeeded). Called inside the transaction that records the transition, so an
 * alert is sent exactly when the transition is committed; delivery (mail, webhook, retries) is the notification feature's.
 */
@Component
class RunAlerts
{
    private final ObjectProvider<Notifier> notifier;
    private final MessageSource messages;
    private final InstallationLanguage language;

    RunAlerts(ObjectProvider<Notifier> notifier, MessageSource messages, InstallationLanguage language)
    {
        this.notifier = requireNonNull(notifier, "notifier is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.language = requireNonNull(language, "language is null");
    }

    /** @param reason keyed text (or, from older callers, plain text), null without one */

    void transitioned(RunRecord run, RunStatus to, String reason, Instant at)
    {
        Optional<AlertEvent> event = switch (to) {
            case FAILED, ABNORMAL -> Optional.of(AlertEvent.TASK_ABNORMAL);
            case RESTARTING -> Optional.of(AlertEvent.TASK_RESUMED_FROM_CHECKPOINT);
            case SUCCEEDED -> Optional.of(AlertEvent.TASK_COMPLETED);
            case CREATING, QUEUED, PREPARING, RUNNING, STOPPING, STOPPED -> Optional.empty();
        };
        Notifier target = notifier.getIfAvailable();
        if (event.isEmpty() || target == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("status", to.name());
        details.put("task", run.name());
        details.put("attempt", String.valueOf(to == RunStatus.RESTARTING ? run.attempt() + 1 : run.attempt()));
        if (reason != null) {
            // an alert is sent once, to mail and webhooks read without a request: in the installation's language, its key kept
            details.put("reason", KeyedText.render(messages, language.locale(), reason));
            KeyedText.code(reason).ifPresent(code -> details.put("reasonCode", code));
        }
        target.notify(new Notification(run.tenantId(), run.ownerId(), event.get(), run.kind().resource(), run.id(), run.name(), details, at));
    }
}
