package io.meridian.server.platform.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the field rules a request breaks and throws them all at once, so the caller sees every problem in one answer.
 * The rules written in the product spec live in {@link NameRule}; this class only applies them.
 */
public final class FieldRules
{
    private final List<FieldViolation> violations = new ArrayList<>();

    public static FieldRules check()
    {
        return new FieldRules();
    }

    public FieldRules required(String field, Object value)
    {
        if (value == null || (value instanceof String s && s.isBlank()) || (value instanceof Collection<?> c && c.isEmpty())) {
            violate(field, "validation.required");
        }
        return this;
    }

    public FieldRules name(String field, String value, NameRule rule)
    {
        if (value == null || value.isBlank()) {
            if (rule.required()) {
                violate(field, "validation.required");
            }
            return this;
        }
        int length = value.codePointCount(0, value.length());
        if (length < rule.minLength() || length > rule.maxLength()) {
            violate(field, "validation.length", rule.minLength(), rule.maxLength());
        }
        else if (!rule.pattern().matcher(value).matches()) {
            violate(field, rule.messageKey());
        }
        return this;
    }

    /** Optional free text with a maximum length (descriptions); also held to {@link SafeText}. */
    public FieldRules maxLength(String field, String value, int max)
    {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            violate(field, "validation.max-length", max);
        }
        return text(field, value);
    }

    /** No control characters, unpaired surrogates or bidirectional controls (see {@link SafeText}). */
    public FieldRules text(String field, String value)
    {
        SafeText.firstUnsafe(value).ifPresent(unsafe -> violate(field, SafeText.CODE, unsafe.codePoint(), unsafe.position()));
        return this;
    }

    public FieldRules range(String field, Long value, long min, long max)
    {
        if (value == null) {
            violate(field, "validation.required");
        }
        else if (value < min || value > max) {
            violate(field, "validation.range", min, max);
        }
        return this;
    }

    public FieldRules matches(String field, String value, Pattern pattern, String code)
    {
        if (value != null && !pattern.matcher(value).matches()) {
            violate(field, code);
        }
        return this;
    }

    public FieldRules rule(boolean holds, String field, String code, Object... args)
    {
        if (!holds) {
            violate(field, code, args);
        }
        return this;
    }

    public FieldRules violate(String field, String code, Object... args)
    {
        violations.add(new FieldViolation(field, code, List.of(args)));
        return this;
    }

    public boolean hasViolation(String field)
    {
        return violations.stream().anyMatch(violation -> violation.field().equals(field));
    }

    /** Whether any rule is broken so far: a later check that needs sound input (a capacity sum) runs only if none is. */
    public boolean hasViolations()
    {
        return !violations.isEmpty();
    }

    public void throwIfAny()
    {
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
    }
}
