package io.meridian.storage;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The name of an object in a store: slash-separated segments, relative, at most 1024 bytes of UTF-8 (S3's limit).
 * No segment is empty, {@code .} or {@code ..}, and no character is a control character or a backslash, so a key can
 * never name a file outside the local store's root nor mean different objects on different stores.
 */
public record ObjectKey(String value)
{
    private static final int MAX_BYTES = 1024;

    public ObjectKey
    {
        requireNonNull(value, "value is null");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("object key '" + printable(value) + "' " + problem);
        }
    }

    public static ObjectKey of(String first, String... more)
    {
        StringBuilder key = new StringBuilder(first);
        for (String segment : more) {
            key.append('/').append(segment);
        }
        return new ObjectKey(key.toString());
    }

    /** This key with {@code segment} appended, e.g. a file inside a dataset's prefix. */
    public ObjectKey resolve(String relative)
    {
        return new ObjectKey(value + "/" + relative);
    }

    /** Whether this key lies under {@code prefix} (segment-wise: {@code a/bc} is not under {@code a/b}). */
    public boolean isUnder(ObjectKey prefix)
    {
        return value.startsWith(prefix.value + "/");
    }

    public List<String> segments()
    {
        return List.of(value.split("/"));
    }

    /** Why {@code key} is not a valid object key, or {@code null} when it is. */
    public static String problem(String key)
    {
        if (key.isEmpty()) {
            return "is empty";
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " bytes";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "contains a control character or a backslash";
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment (a leading, trailing or double slash)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
        }
        return null;
    }

    private static String printable(String value)
    {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> out.append(c < 0x20 || c == 0x7f ? "\\u%04x".formatted(c) : Character.toString(c)));
        return out.toString();
    }

    @Override
    public String toString()
    {
        return value;
    }
}
