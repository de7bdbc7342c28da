package io.meridian.cleaning.operator;

import java.util.List;
import java.util.Set;

/**
 * The per-row operators by name, with their options checked; the de-duplicators' names, which the pipeline handles in
 * its global step.
 */
public final class Operators
{
    public static final String DOCUMENT_DEDUPLICATOR = "document_deduplicator";
    public static final String DOCUMENT_MINHASH_DEDUPLICATOR = "document_minhash_deduplicator";

    /**
     * The spec's three operators with every option on, in the order they are applied: HTML first (so entities are
     * decoded and tags gone before the other scanners look), then links (which may hold e-mail addresses and IPs), then
     * the sensitive information, the code and TeX cleaners, and the length filter last.
     */
    public static final List<String> DEFAULT_PIPELINE = List.of(
            "clean_html_mapper",
            "clean_links_mapper",
            "clean_email_mapper",
            "clean_ip_mapper",
            "clean_id_card_mapper",
            "clean_phone_mapper",
            "clean_copyright_mapper",
            "remove_bibliography_mapper",
            "remove_comments_mapper",
            "text_length_filter");

    private static final Set<String> DEDUPLICATORS = Set.of(DOCUMENT_DEDUPLICATOR, DOCUMENT_MINHASH_DEDUPLICATOR);

    private Operators() {}

    public static boolean isDeduplicator(String name)
    {
        return DEDUPLICATORS.contains(name);
    }

    public static Operator create(OperatorConfig config)
    {
        return switch (config.name()) {
            case "clean_email_mapper" -> new CleanEmailMapper(config.string("repl", ""));
            case "clean_html_mapper" -> new CleanHtmlMapper();
            case "clean_links_mapper" -> new CleanLinksMapper(config.string("repl", ""));
            case "clean_ip_mapper" -> new CleanIpMapper(config.string("repl", ""));
            case "clean_id_card_mapper" -> new CleanIdCardMapper(config.string("repl", ""));
            case "clean_phone_mapper" -> new CleanPhoneMapper(config.string("repl", ""));
            case "clean_copyright_mapper" -> new CleanCopyrightMapper();
            case "remove_bibliography_mapper" -> new RemoveBibliographyMapper();
            case "remove_comments_mapper" -> {
                Object docType = config.options().getOrDefault("doc_type", "tex");
                if (!docType.equals("tex") && !docType.equals(List.of("tex"))) {
                    throw new IllegalArgumentException("remove_comments_mapper.doc_type supports only tex, got " + docType);
                }
                yield new RemoveCommentsMapper(config.flag("inline", true), config.flag("multiline", true));
            }
            case "text_length_filter" -> {
                long min = config.number("min_len", 10);
                long max = config.number("max_len", Integer.MAX_VALUE);
                if (min > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("text_length_filter.min_len is too large: " + min);
                }
                yield new TextLengthFilter((int) min, max);
            }
            default -> throw new IllegalArgumentException("unknown operator " + config.name() + "; known: " + known());
        };
    }

    public static String known()
    {
        return String.join(", ", DEFAULT_PIPELINE) + ", " + DOCUMENT_DEDUPLICATOR + ", " + DOCUMENT_MINHASH_DEDUPLICATOR;
    }
}
