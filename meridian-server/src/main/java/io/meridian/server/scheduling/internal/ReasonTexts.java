package io.meridian.server.scheduling.internal;

import io.meridian.server.platform.i18n.KeyedText;
import io.meridian.server.scheduling.ReasonCode;
import io.meridian.server.scheduling.SchedulingReason;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Renders a {@link SchedulingReason} in the caller's language from the scheduling bundle. Amounts are shown in the units
 * people count in: cards, cores and GiB (the library's milli-cards, milli-cores and MiB are converted; user and tenant
 * limits already count whole cards and cores).
 * <p>
 * Message arguments: {0} pool name, {1} resource, {2} requested, {3} available, {4} position, {5} the workload ahead,
 * {6} detail, {7} shortfall, {8} the failing placement constraint.
 */
@Component
class ReasonTexts
{
    // the library's placement failures (GPU_CARDS, TOPOLOGY…) and resources (gpu, cpu, memory): parts of message keys
    private static final Pattern FAILURE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9-]*");

    private final MessageSource messages;

    ReasonTexts(MessageSource messages)
    {
        this.messages = requireNonNull(messages, "messages is null");
    }

    /**
     * @param workloadName the name of a workload of the same tenant by id (the one ahead, the preempting one), or null
     */
    String text(SchedulingReason reason, String poolName, Function<String, String> workloadName, Locale locale)
    {
        return KeyedText.render(messages, locale, keyed(reason, poolName, workloadName));
    }

    /**
     * The reason as stored text ({@link KeyedText}): its message key and arguments, names resolved now, so that it can be
     * stored (a run's timeline) and rendered in any language when read. The resource and the failing placement constraint
     * are nested keys.
     */
    static String keyed(SchedulingReason reason, String poolName, Function<String, String> workloadName)
    {
        boolean wholeUnits = reason.code().countsWholeUnits();
        String resource = RESOURCE.matcher(reason.resource()).matches() ? KeyedText.keyed("scheduling.resource." + reason.resource()) : reason.resource();
        String blockedByName = reason.blockedBy().isEmpty() ? null : workloadName.apply(reason.blockedBy());
        String detail = reason.detail();
        String constraint = "";
        if (reason.code().namesPreemptor() && !detail.isEmpty()) {
            String preemptor = workloadName.apply(detail);
            detail = preemptor == null ? detail : preemptor;
        }
        if (reason.code() == ReasonCode.NO_NODE_FITS && detail.contains(":")) {
            String failure = detail.substring(detail.lastIndexOf(':') + 1);
            detail = detail.substring(0, detail.lastIndexOf(':'));
            constraint = FAILURE.matcher(failure).matches() ? KeyedText.keyed("scheduling.fit." + kebab(failure)) : failure;
        }
        return KeyedText.keyed(reason.messageKey(),
                poolName == null ? reason.poolId() : poolName,
                resource,
                amount(reason.resource(), reason.requested(), wholeUnits),
                amount(reason.resource(), reason.available(), wholeUnits),
                String.valueOf(reason.position()),
                blockedByName == null ? reason.blockedBy() : blockedByName,
                detail,
                amount(reason.resource(), Math.max(0, reason.requested() - reason.available()), wholeUnits),
                constraint);
    }

    /** gpu and cpu in milli → cards and cores; memory in MiB → GiB. */
    static String amount(String resource, long value, boolean wholeUnits)
    {
        if (wholeUnits) {
            return String.valueOf(value);
        }
        return switch (resource) {
            case "gpu", "cpu" -> BigDecimal.valueOf(value, 3).stripTrailingZeros().toPlainString();
            case "memory" -> BigDecimal.valueOf(value * 10 / LibraryTerms.MIB_PER_GIB, 1).stripTrailingZeros().toPlainString();
            default -> String.valueOf(value);
        };
    }

    private static String kebab(String code)
    {
        return code.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
