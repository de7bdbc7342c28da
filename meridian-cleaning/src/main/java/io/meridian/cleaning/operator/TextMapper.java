package io.meridian.cleaning.operator;

/**
 * An operator that rewrites the text of one field (Data-Juicer's "mapper"). Implementations are stateless and
 * thread-safe, and return the very same instance when nothing changed, so the pipeline counts changed rows without
 * comparing strings.
 */
public non-sealed interface TextMapper
        extends Operator
{
    String apply(String text);
}
