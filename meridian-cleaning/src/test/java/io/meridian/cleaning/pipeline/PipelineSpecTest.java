package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.operator.OperatorConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineSpecTest
{
    @Test
    void dataJuicerStyleYamlAndJsonAreRead()
    {
        PipelineSpec yaml = PipelineSpec.parse("""
                fields: [output]
                process:
                  - clean_email_mapper: {repl: '[E]'}
                  - text_length_filter:
                      min_len: 2
                      max_len: 100
                  - document_minhash_deduplicator: {jaccard_threshold: 0.8, num_permutations: 128}
                """);
        assertThat(yaml.fields()).containsExactly("output");
        assertThat(yaml.operators()).containsExactly(
                new OperatorConfig("clean_email_mapper", Map.of("repl", "[E]")),
                new OperatorConfig("text_length_filter", Map.of("min_len", 2, "max_len", 100)));
        assertThat(yaml.exactDedup()).isFalse();
        assertThat(yaml.minHash().orElseThrow().bands()).isEqualTo(9);

        PipelineSpec json = PipelineSpec.parse("{\"process\": [\"clean_html_mapper\", {\"document_deduplicator\": null}]}");
        assertThat(json.fields()).isEqualTo(PipelineSpec.DEFAULT_FIELDS);
        assertThat(json.operators()).containsExactly(OperatorConfig.of("clean_html_mapper"));
        assertThat(json.exactDedup()).isTrue();
    }

    @Test
    void mistakesAreNamedBeforeAnyDataIsRead()
    {
        assertThatThrownBy(() -> PipelineSpec.parse("process: [clean_everything_mapper]")).hasMessageContaining("unknown operator clean_everything_mapper");
        assertThatThrownBy(() -> PipelineSpec.parse("process: [{text_length_filter: {min_len: abc}}]"))
                .hasMessage("text_length_filter.min_len must be a whole number, got abc");
        assertThatThrownBy(() -> PipelineSpec.parse("process: [{text_length_filter: {min_len: 10, max_len: 5}}]")).hasMessageContaining("min_len <= max_len");
        assertThatThrownBy(() -> PipelineSpec.parse("fields: [input, input]\nprocess: [clean_html_mapper]")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> PipelineSpec.parse("fields: []\nprocess: [clean_html_mapper]")).hasMessageContaining("at least one field");
        assertThatThrownBy(() -> PipelineSpec.parse("procss: []")).hasMessageContaining("unknown key 'procss'");
        assertThatThrownBy(() -> PipelineSpec.parse("process: [{remove_comments_mapper: {doc_type: md}}]")).hasMessageContaining("supports only tex");
    }

    @Test
    void theDefaultsAreTheSpecsOperatorsOnAllThreeFields()
    {
        PipelineSpec defaults = PipelineSpec.defaults();
        assertThat(defaults.fields()).isEqualTo(List.of("instruction", "input", "output"));
        assertThat(defaults.createOperators()).hasSize(10);
        assertThat(defaults.exactDedup()).isTrue();
    }
}
