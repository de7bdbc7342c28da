package io.meridian.server.platform.persistence;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON text columns (lists of a definition, a run's copy of it) and JSON lines (metrics), one reader per type: every
 * feature that stores JSON in a column reads and writes it here.
 */
public final class Json
{
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    // a reader per type resolves its deserializer once; list pages read several columns of every row
    private static final Map<Type, ObjectReader> READERS = new ConcurrentHashMap<>();

    private Json() {}

    public static String write(Object value)
    {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type)
    {
        return READERS.computeIfAbsent(type, ignored -> MAPPER.readerFor(type)).readValue(json);
    }

    public static <T> T read(String json, TypeReference<T> type)
    {
        return READERS.computeIfAbsent(type.getType(), ignored -> MAPPER.readerFor(type)).readValue(json);
    }

    /** A list column; the empty list, which most such columns hold, without a parser. */
    public static <E> List<E> readList(String json, TypeReference<List<E>> type)
    {
        return "[]".equals(json) ? List.of() : read(json, type);
    }

    public static JsonNode tree(String json)
    {
        return MAPPER.readTree(json);
    }
}
