package io.meridian.server.dataset.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The row format of each text template (001-B §2.2.2), as checks on one parsed row: which field is missing, of the
 * wrong type or out of range. Returns violations as (field, rule, args); the importer adds file and line.
 */
final class RowRules
{
    record Violation(String field, String rule, List<String> args) {}

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final Set<String> SPEAKERS = Set.of("user", "assistant");

    private RowRules() {}

    static List<Violation> check(AnnotationTemplate template, JsonNode row)
    {
        List<Violation> violations = new ArrayList<>();
        if (!row.isObject()) {
            violations.add(new Violation("-", "dataset.row.object", List.of()));
            return violations;
        }
        switch (template) {
            case MULTI_TURN_DIALOGUE -> messages(row, violations);
            case INSTRUCTION_TUNING -> {
                text(row, "instruction", true, violations);
                text(row, "input", false, violations);
                text(row, "output", true, violations);
            }
            case QA_PAIRS -> {
                text(row, "Q", true, violations);
                text(row, "A", true, violations);
                for (String optional : List.of("SQ", "file", "text", "match")) {
                    if (row.has(optional) && !row.get(optional).isNull() && !row.get(optional).isString()) {
                        violations.add(new Violation(optional, "dataset.row.string", List.of()));
                    }
                }
            }
            case RESPONSE_RANKING -> ranking(row, violations);
            case IMAGE_UNDERSTANDING -> conversations(row, violations);
            default -> violations.add(new Violation("-", "dataset.row.no-rows", List.of(template.name())));
        }
        return violations;
    }

    private static void text(JsonNode row, String field, boolean required, List<Violation> violations)
    {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                violations.add(new Violation(field, "dataset.row.required", List.of()));
            }
            return;
        }
        if (!value.isString()) {
            violations.add(new Violation(field, "dataset.row.string", List.of()));
        }
        else if (required && value.asString().isBlank()) {
            violations.add(new Violation(field, "dataset.row.blank", List.of()));
        }
    }

    private static void messages(JsonNode row, List<Violation> violations)
    {
        JsonNode messages = row.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            violations.add(new Violation("messages", "dataset.row.messages", List.of()));
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                violations.add(new Violation(at, "dataset.row.object", List.of()));
                continue;
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
                violations.add(new Violation(at + ".role", "dataset.row.one-of", List.of("system, user, assistant")));
            }
            text(message, "content", true, violations);
            fixLast(violations, "content", at + ".content");
        }
    }

    private static void conversations(JsonNode row, List<Violation> violations)
    {
        JsonNode id = row.get("id");
        if (id == null || id.isNull() || id.isContainer() || id.asString().isBlank()) {
            violations.add(new Violation("id", "dataset.row.required", List.of()));
        }
        JsonNode conversations = row.get("conversations");
        if (conversations == null || !conversations.isArray() || conversations.isEmpty()) {
            violations.add(new Violation("conversations", "dataset.row.conversations", List.of()));
            return;
        }
        for (int i = 0; i < conversations.size(); i++) {
            JsonNode turn = conversations.get(i);
            String at = "conversations[" + i + "]";
            if (!turn.isObject()) {
                violations.add(new Violation(at, "dataset.row.object", List.of()));
                continue;
            }
            JsonNode from = turn.get("from");
            if (from == null || !from.isString() || !SPEAKERS.contains(from.asString())) {
                violations.add(new Violation(at + ".from", "dataset.row.one-of", List.of("user, assistant")));
            }
            text(turn, "value", true, violations);
            fixLast(violations, "value", at + ".value");
        }
    }

    private static void ranking(JsonNode row, List<Violation> violations)
    {
        text(row, "prompt", true, violations);
        int responses = 0;
        for (int i = 0; i < 4; i++) {
            if (row.has("response_" + i) && !row.get("response_" + i).isNull()) {
                if (responses != i) {
                    violations.add(new Violation("response_" + i, "dataset.row.response-gap", List.of(String.valueOf(responses))));
                }
                responses = i + 1;
                text(row, "response_" + i, true, violations);
                JsonNode safe = row.get("is_response_" + i + "_safe");
                if (safe != null && !safe.isNull() && !safe.isBoolean()) {
                    violations.add(new Violation("is_response_" + i + "_safe", "dataset.row.boolean", List.of()));
                }
            }
        }
        if (responses < 2) {
            violations.add(new Violation("response_" + responses, "dataset.row.responses", List.of()));
        }
        for (String field : List.of("better_response_id", "safer_response_id")) {
            JsonNode value = row.get(field);
            if (value != null && !value.isNull() && (!value.isIntegralNumber() || value.asInt() < 0 || value.asInt() >= Math.max(responses, 2))) {
                violations.add(new Violation(field, "dataset.row.response-id", List.of(String.valueOf(Math.max(responses, 2) - 1))));
            }
        }
    }

    /** {@link #text} names the field without its path; inside an array the path is what the user needs. */
    private static void fixLast(List<Violation> violations, String field, String path)
    {
        if (!violations.isEmpty() && violations.getLast().field().equals(field)) {
            Violation last = violations.removeLast();
            violations.add(new Violation(path, last.rule(), last.args()));
        }
    }
}
