package io.meridian.cleaning.operator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Inputs that make backtracking regexes (Data-Juicer's patterns among them) take exponential or quadratic time: every
 * operator is a linear scanner and gets through 100,000 characters of each. No timing is asserted (timing belongs in
 * benchmarks); a regression to a backtracking implementation makes this test hang instead of pass.
 */
class AdversarialInputTest
{
    private static final int SIZE = 100_000;

    @Test
    void operatorsGetThroughPathologicalInputs()
    {
        List<String> inputs = List.of(
                "http://" + "(a".repeat(SIZE / 2),
                "http://a" + "(((((((((".repeat(SIZE / 9),
                "a-".repeat(SIZE / 2),
                "a.".repeat(SIZE / 2) + "x",
                "a@".repeat(SIZE / 2),
                "a".repeat(SIZE) + "@" + "b.".repeat(SIZE / 2),
                "1.".repeat(SIZE / 2),
                "1:".repeat(SIZE / 2) + "::",
                "::1:".repeat(SIZE / 4),
                "<a ".repeat(SIZE / 3),
                "<!--".repeat(SIZE / 4),
                "&#".repeat(SIZE / 2),
                "/*".repeat(SIZE / 2),
                "\\bibliography{".repeat(SIZE / 14),
                "%\n".repeat(SIZE / 2),
                "a%".repeat(SIZE / 2),
                "1".repeat(SIZE),
                "+86 ".repeat(SIZE / 4),
                "中".repeat(SIZE));
        List<TextMapper> mappers = Operators.DEFAULT_PIPELINE.stream()
                .map(OperatorConfig::of)
                .map(Operators::create)
                .filter(TextMapper.class::isInstance)
                .map(TextMapper.class::cast)
                .toList();
        assertThat(mappers).hasSize(9);
        for (TextMapper mapper : mappers) {
            for (String input : inputs) {
                assertThatCode(() -> mapper.apply(input)).as(mapper.name()).doesNotThrowAnyException();
            }
        }
    }
}
