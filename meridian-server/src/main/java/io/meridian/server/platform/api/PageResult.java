package io.meridian.server.platform.api;

import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** One page of a list answer: {@code {"items": [...], "total": N, "page": P, "size": S}}. */
public record PageResult<T>(List<T> items, long total, int page, int size)
{
    public PageResult
    {
        items = List.copyOf(requireNonNull(items, "items is null"));
    }

    public static <T> PageResult<T> of(List<T> items, long total, PageRequest request)
    {
        return new PageResult<>(items, total, request.page(), request.size());
    }

    /** Pages a list that is already in memory (small catalogs). */
    public static <T> PageResult<T> slice(List<T> all, PageRequest request)
    {
        int from = (int) Math.min(request.offset(), all.size());
        int to = Math.min(from + request.size(), all.size());
        return new PageResult<>(all.subList(from, to), all.size(), request.page(), request.size());
    }

    public <R> PageResult<R> map(Function<? super T, ? extends R> mapper)
    {
        return new PageResult<>(items.stream().<R>map(mapper).toList(), total, page, size);
    }
}
