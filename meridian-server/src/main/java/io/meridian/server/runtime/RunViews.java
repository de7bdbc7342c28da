package io.meridian.server.runtime;

import io.meridian.server.platform.i18n.KeyedText;
import org.springframework.context.MessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** How the API shows the parts every kind of run shares: its instances and its timeline. */
public final class RunViews
{
    private RunViews() {}

    /**
     * @param name the slot ({@code worker-0})
     * @param devices {@code NVIDIA:0,1}, or empty without cards; shared cards (eGPU) with the share of each card,
     *         {@code NVIDIA:0,1@113/5120} (milli of its compute / MiB of its memory)
     * @param faultDomain whose fault a failure was ({@code INSTANCE}, {@code NODE}, {@code HANG}), null unless failed
     */
    public record InstanceView(String id, String name, String role, int index, int attempt, int restartCount, String node, String devices, InstanceStatus state,
            Integer exitCode, String reason, InstanceFault faultDomain, Instant startedAt, Instant finishedAt) {}

    /**
     * @param code the message's key, for scripts ({@code runtime.event.admitted}); null for a message shown as recorded
     * @param message in the reader's language
     */
    public record EventView(Instant at, RunEvent.Kind kind, RunStatus fromStatus, RunStatus toStatus, String code, String message) {}

    /** Every instance of every attempt, oldest first, each with the restarts of its slot before it. */
    public static List<InstanceView> instances(List<InstanceRecord> instances)
    {
        return instances.stream().map(instance -> instance(instance, instance.restartsIn(instances))).toList();
    }

    public static InstanceView instance(InstanceRecord instance, int restartCount)
    {
        InstanceRecord.Outcome outcome = instance.outcome();
        return new InstanceView(instance.id(), instance.slot(), InstanceRecord.roleName(instance.role()), instance.index(), instance.attempt(), restartCount,
                instance.node(), instance.devices().text(), instance.state(), outcome.exitCode(), outcome.reason(), outcome.fault(), instance.startedAt(), instance.finishedAt());
    }

    /** The timeline, its messages rendered in {@code locale}, their keys kept. */
    public static List<EventView> events(List<RunEvent> events, MessageSource messages, Locale locale)
    {
        return events.stream()
                .map(event -> new EventView(event.at(), event.kind(), event.fromStatus(), event.toStatus(), event.code().orElse(null), event.text(messages, locale)))
                .toList();
    }

    /**
     * The run's status reason in {@code locale}, null without one. Reasons are stored keyed ({@link RunEvent#keyed}); a
     * reason recorded before that is shown as recorded.
     */
    public static String statusReason(RunRecord run, MessageSource messages, Locale locale)
    {
        return KeyedText.render(messages, locale, run.progress().statusReason());
    }

    /** The key of the run's status reason, for scripts ({@code runtime.event.not-restarted}); null without one or for one shown as recorded. */
    public static String statusReasonCode(RunRecord run)
    {
        return KeyedText.code(run.progress().statusReason()).orElse(null);
    }

    /** Seconds the run has run (until now if it still runs), null if it never started. */
    public static Long duration(RunRecord run, Instant now)
    {
        Instant startedAt = run.times().startedAt();
        if (startedAt == null) {
            return null;
        }
        Instant finishedAt = run.times().finishedAt();
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt).toSeconds();
    }
}
