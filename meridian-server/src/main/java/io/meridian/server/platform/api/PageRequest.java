package io.meridian.server.platform.api;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A list request's paging and sorting, as sent in the {@code page}, {@code size} and {@code sort} query parameters.
 * Pages are 1-based, like the console's pager.
 */
public record PageRequest(int page, int size, Optional<Sort> sort)
{
    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_SIZE = 200;

    public PageRequest
    {
        requireNonNull(sort, "sort is null");
        if (page < 1) {
            throw ApiException.badParameter("page", "validation.page.min");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badParameter("size", "validation.size.range", MAX_SIZE);
        }
    }

    public static PageRequest of(Integer page, Integer size, String sort)
    {
        return new PageRequest(page == null ? 1 : page, size == null ? DEFAULT_SIZE : size, Sort.parse(sort));
    }

    public static PageRequest all()
    {
        return new PageRequest(1, MAX_SIZE, Optional.empty());
    }

    /** A long: {@code page} may be any int, and {@code (page - 1) * size} in int arithmetic overflows to a negative offset. */
    public long offset()
    {
        return (long) (page - 1) * size;
    }

    /**
     * The SQL {@code ORDER BY} clause for this request. Only columns in {@code allowed} (API field name to column) are
     * accepted, so a sort parameter can never inject SQL.
     */
    public String orderBy(java.util.Map<String, String> allowed, String defaultOrder)
    {
        if (sort.isEmpty()) {
            return " ORDER BY " + defaultOrder;
        }
        Sort s = sort.get();
        String column = allowed.get(s.field());
        if (column == null) {
            throw ApiException.badParameter("sort", "validation.sort.field", String.join(", ", new java.util.TreeSet<>(allowed.keySet())));
        }
        return " ORDER BY " + column + (s.ascending() ? " ASC" : " DESC") + ", " + defaultOrder;
    }

    public record Sort(String field, boolean ascending)
    {
        private static final Set<String> DIRECTIONS = Set.of("asc", "desc");

        public Sort
        {
            requireNonNull(field, "field is null");
        }

        static Optional<Sort> parse(String value)
        {
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            String[] parts = value.split(",", 2);
            String direction = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (!DIRECTIONS.contains(direction)) {
                throw ApiException.badParameter("sort", "validation.sort.direction");
            }
            return Optional.of(new Sort(parts[0].trim(), direction.equals("asc")));
        }
    }
}
