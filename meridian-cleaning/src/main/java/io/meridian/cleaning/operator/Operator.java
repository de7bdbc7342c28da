package io.meridian.cleaning.operator;

/**
 * A per-field cleaning operator. The de-duplicators are not operators of this kind: they need a global step over all
 * rows (see {@code io.meridian.cleaning.dedup}).
 */
public sealed interface Operator
        permits TextMapper, TextFilter
{
    /**
     * The operator's name in Data-Juicer's vocabulary, as the cleaning logs show it, e.g. {@code clean_html_mapper}.
     */
    String name();
}
