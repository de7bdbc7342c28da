package io.meridian.cleaning.operator;

/**
 * An operator that keeps or drops a whole row by looking at the text of one field (Data-Juicer's "filter").
 * Implementations are stateless and thread-safe.
 */
public non-sealed interface TextFilter
        extends Operator
{
    boolean keep(String text);
}
