package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.dedup.MinHashOptions;
import io.meridian.cleaning.operator.Operator;
import io.meridian.cleaning.operator.OperatorConfig;
import io.meridian.cleaning.operator.Operators;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a cleaning run does: the fields to process and the operators, in Data-Juicer's config shape (YAML or JSON):
 * <pre>
 * fields: [instruction, input, output]     # the default: all three
 * process:
 *   - clean_html_mapper:
 *   - clean_email_mapper: {repl: ''}
 *   - text_length_filter: {min_len: 10, max_len: 4096}
 *   - document_deduplicator:
 *   - document_minhash_deduplicator: {jaccard_threshold: 0.7}
 * </pre>
 * The per-row operators run in the order listed on each selected field; the de-duplicators, wherever listed, run in
 * the global step after them, on the processed fields of the rows left.
 */
public record PipelineSpec(List<String> fields, List<OperatorConfig> operators, boolean exactDedup, Optional<MinHashOptions> minHash)
{
    public static final List<String> DEFAULT_FIELDS = List.of("instruction", "input", "output");

    public PipelineSpec
    {
        fields = List.copyOf(requireNonNull(fields, "fields is null"));
        operators = List.copyOf(requireNonNull(operators, "operators is null"));
        requireNonNull(minHash, "minHash is null");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields: choose at least one field to process");
        }
        if (new LinkedHashSet<>(fields).size() != fields.size()) {
            throw new IllegalArgumentException("fields: a field is listed twice: " + fields);
        }
        for (OperatorConfig operator : operators) {
            if (Operators.isDeduplicator(operator.name())) {
                throw new IllegalArgumentException("operators: " + operator.name() + " is a de-duplicator, not a per-row operator");
            }
        }
    }

    /**
     * The spec's operators with every option on, on all three fields, with exact de-duplication.
     */
    public static PipelineSpec defaults()
    {
        return new PipelineSpec(DEFAULT_FIELDS, Operators.DEFAULT_PIPELINE.stream().map(OperatorConfig::of).toList(), true, Optional.empty());
    }

    public List<Operator> createOperators()
    {
        return operators.stream().map(Operators::create).toList();
    }

    public boolean deduplicates()
    {
        return exactDedup || minHash.isPresent();
    }

    /**
     * Parses a YAML or JSON pipeline spec; every operator and option is checked here, before any data is read.
     *
     * @throws IllegalArgumentException naming the key that is wrong
     */
    @SuppressWarnings("unchecked")
    public static PipelineSpec parse(String text)
    {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the pipeline spec must be a mapping with 'fields' and 'process'");
        }
        for (Object key : map.keySet()) {
            if (!List.of("fields", "process").contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in the pipeline spec; known: fields, process");
            }
        }
        List<String> fields = DEFAULT_FIELDS;
        Object fieldsValue = map.get("fields");
        if (fieldsValue != null) {
            if (!(fieldsValue instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new IllegalArgumentException("fields must be a list of field names, got " + fieldsValue);
            }
            fields = (List<String>) list;
        }
        Object process = map.get("process");
        if (!(process instanceof List<?> steps) || steps.isEmpty()) {
            throw new IllegalArgumentException("process must be a non-empty list of operators");
        }
        List<OperatorConfig> operators = new ArrayList<>();
        boolean exact = false;
        MinHashOptions minHash = null;
        for (Object step : steps) {
            OperatorConfig config = operatorConfig(step);
            switch (config.name()) {
                case Operators.DOCUMENT_DEDUPLICATOR -> {
                    for (String option : config.options().keySet()) {
                        if (!option.equals("lowercase")) {
                            throw new IllegalArgumentException("document_deduplicator has no option " + option);
                        }
                    }
                    exact = true;
                }
                case Operators.DOCUMENT_MINHASH_DEDUPLICATOR -> minHash = MinHashOptions.from(config);
                default -> {
                    Operators.create(config);
                    operators.add(config);
                }
            }
        }
        return new PipelineSpec(fields, operators, exact, Optional.ofNullable(minHash));
    }

    private static OperatorConfig operatorConfig(Object step)
    {
        if (step instanceof String name) {
            return OperatorConfig.of(name);
        }
        if (step instanceof Map<?, ?> entry && entry.size() == 1) {
            Map.Entry<?, ?> only = entry.entrySet().iterator().next();
            if (only.getKey() instanceof String name) {
                Object options = only.getValue();
                if (options == null) {
                    return OperatorConfig.of(name);
                }
                if (options instanceof Map<?, ?> optionMap) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    optionMap.forEach((key, value) -> copy.put(String.valueOf(key), value));
                    return new OperatorConfig(name, copy);
                }
                throw new IllegalArgumentException("the options of " + name + " must be a mapping, got " + options);
            }
        }
        throw new IllegalArgumentException("each process step must be an operator name with its options, got " + step);
    }
}
