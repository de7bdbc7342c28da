package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.io.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CleaningEngineTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final CleaningLog log = new CleaningLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

    @Test
    void theDefaultPipelineRemovesSensitiveDataAndDuplicatesAcrossShards()
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"id\":" + i + ",\"instruction\":\"第" + i + "题：请回答这个问题\",\"input\":\"\",\"output\":\"联系 user" + i + "@example.com 或 13800138000，身份证 11010519491231002X\"}");
        }
        // duplicates of rows 3 and 5 in later shards, identical in the processed fields after cleaning (the e-mail differs)
        lines.add("{\"id\":100,\"instruction\":\"第3题：请回答这个问题\",\"input\":\"\",\"output\":\"联系 other@example.com 或 13800138000，身份证 11010519491231002X\"}");
        lines.add("{\"id\":101,\"instruction\":\"第5题：请回答这个问题\",\"input\":\"\",\"output\":\"联系 user5@example.com 或 13800138000，身份证 11010519491231002X\"}");
        lines.add("not json");
        lines.add("{\"id\":102,\"instruction\":\"短\",\"input\":\"\",\"output\":\"<p>too short</p>\"}");
        Path input = dir.resolve("in.jsonl");
        Files.write(input, lines);
        Path output = dir.resolve("out/cleaned.jsonl");

        RunSummary summary = new CleaningEngine(PipelineSpec.defaults(), log, 1 << 20).run(input, output, dir.resolve("work"), 3);

        List<String> out = Files.readAllLines(output);
        assertThat(out).hasSize(40);
        assertThat(out.get(0)).isEqualTo("{\"id\":0,\"instruction\":\"第0题：请回答这个问题\",\"input\":\"\",\"output\":\"联系  或 ，身份证 \"}");
        assertThat(out).noneMatch(line -> line.contains("@") || line.contains("138") || line.contains("1101"));
        assertThat(out).extracting(line -> line.substring(0, line.indexOf(','))).as("the first occurrence is kept, in input order")
                .startsWith("{\"id\":0", "{\"id\":1").doesNotContain("{\"id\":100", "{\"id\":101", "{\"id\":102");
        assertThat(summary.rowsRead()).isEqualTo(44);
        assertThat(summary.malformedRows()).isEqualTo(1);
        assertThat(summary.rowsWritten()).isEqualTo(40);
        assertThat(stats(summary, "clean_email_mapper").rowsChanged()).isEqualTo(42);
        assertThat(stats(summary, "text_length_filter").rowsOut()).isEqualTo(42);
        assertThat(stats(summary, "document_deduplicator").rowsIn()).isEqualTo(42);
        assertThat(stats(summary, "document_deduplicator").rowsOut()).isEqualTo(40);
        assertThat(stats(summary, "clean_email_mapper").bytesIn()).isGreaterThan(stats(summary, "clean_email_mapper").bytesOut());
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("| INFO | shard 0/3 | OP [clean_html_mapper] start: {'clean_html_mapper': {'text_key': 'input'}}")
                .contains("OP [text_length_filter] Done in")
                .contains("| INFO | merge | OP [document_deduplicator] Done in")
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| WARNING \\| shard \\d/3 \\| skipping the line at byte \\d+");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void nearDuplicatesAreRemovedByMinHashAndOtherFieldsPassThrough()
            throws IOException
    {
        String story = "The quick brown fox jumps over the lazy dog while the farmer watches from the old wooden barn near the river. "
                + "Later that evening the children walked home along the dusty road, talking about the fox, the dog and the farmer, "
                + "and wondering whether the barn would still stand after the storm that the radio had promised for the weekend.";
        List<String> lines = List.of(
                "{\"instruction\":\"" + story + "\",\"meta\":{\"k\":[1,2]}}",
                "{\"instruction\":\"Completely unrelated: how do I bake sourdough bread at home with a cast iron pot?\"}",
                "{\"instruction\":\"" + story.replace("old", "big") + "\",\"meta\":{\"k\":[3]}}",
                "{\"instruction\":\"" + story + "\"}");
        Path input = dir.resolve("in.jsonl");
        Files.write(input, lines);
        PipelineSpec spec = PipelineSpec.parse("""
                fields: [instruction]
                process:
                  - clean_links_mapper:
                  - document_deduplicator:
                  - document_minhash_deduplicator: {tokenization: space, window_size: 3, jaccard_threshold: 0.6}
                """);
        RunSummary summary = new CleaningEngine(spec, log, 1 << 20).run(input, dir.resolve("out.jsonl"), dir.resolve("work"), 2);

        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).containsExactly(lines.get(0), lines.get(1));
        assertThat(stats(summary, "document_deduplicator").rowsOut()).isEqualTo(3);
        assertThat(stats(summary, "document_minhash_deduplicator").rowsIn()).isEqualTo(3);
        assertThat(stats(summary, "document_minhash_deduplicator").rowsOut()).isEqualTo(2);
    }

    @Test
    void separateProcessesTakeOneShardEachAndOneMerges()
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("{\"instruction\":\"row " + (i % 10) + " visit http://example.com/" + i + "\",\"output\":\"answer number " + (i % 10) + "\"}");
        }
        Path input = dir.resolve("in.jsonl");
        Files.write(input, lines);
        Path work = dir.resolve("shared-work");
        CleaningEngine engine = new CleaningEngine(PipelineSpec.defaults(), log, 1 << 20);
        List<ShardResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            engine.runShard(input, Shard.of(input, i, 4), work);
            results.add(ShardResults.load(work, i));
        }
        RunSummary summary = engine.merge(results, work, dir.resolve("out.jsonl"));

        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(10).allMatch(line -> line.contains("visit \""));
        assertThat(summary.rowsRead()).isEqualTo(30);
        assertThat(stats(summary, "clean_links_mapper").rowsChanged()).isEqualTo(30);
    }

    @Test
    void theGlobalStepSpillsToAsManyBucketsAsTheMemoryBudgetNeeds()
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add("{\"n\":" + i + ",\"instruction\":\"question " + (i % 1000) + "\"}");
        }
        Path input = dir.resolve("in.jsonl");
        Files.write(input, lines);
        PipelineSpec spec = PipelineSpec.parse("process: [document_deduplicator]");
        // a budget of one byte: the smallest buckets (1,024 keys), so three of them here
        new CleaningEngine(spec, log, 1).run(input, dir.resolve("out.jsonl"), dir.resolve("work"), 3);

        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEqualTo(lines.subList(0, 1000));
    }

    private static OperatorStats stats(RunSummary summary, String name)
    {
        return summary.operators().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
