package io.meridian.server.cleaning.internal;

import static java.util.Objects.requireNonNull;

/**
 * One operator of a task, validated: its options are numbers only, so nothing a user types reaches the engine's
 * configuration as text.
 *
 * @param minLength {@link CleaningOperator#LENGTH}: the least length in characters (null for the engine's 10)
 * @param maxLength {@link CleaningOperator#LENGTH}: the greatest length in characters (null for none)
 * @param jaccardThreshold {@link CleaningOperator#NEAR_DEDUP}: the similarity from which rows are near duplicates (null for 0.7)
 */
record OperatorChoice(CleaningOperator operator, Integer minLength, Integer maxLength, Double jaccardThreshold)
{
    OperatorChoice
    {
        requireNonNull(operator, "operator is null");
    }

    static OperatorChoice of(CleaningOperator operator)
    {
        return new OperatorChoice(operator, null, null, null);
    }
}
