package io.meridian.cleaning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CleaningMainTest
{
    @TempDir
    Path dir;

    @Test
    void theCommandLineCleansAFileAndWritesTheStatistics()
            throws IOException
    {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"instruction\":\"请发邮件到 a@b.com 获取答案\",\"output\":\"好的\"}\n");
        Path config = dir.resolve("pipeline.yaml");
        Files.writeString(config, "process:\n  - clean_email_mapper:\n  - text_length_filter: {min_len: 1}\n");
        Path output = dir.resolve("out.jsonl");

        int status = CleaningMain.run(new String[] {"--input", input.toString(), "--output", output.toString(), "--config", config.toString(), "--workers", "2"});

        assertThat(status).isZero();
        assertThat(Files.readString(output)).isEqualTo("{\"instruction\":\"请发邮件到  获取答案\",\"output\":\"好的\"}\n");
        assertThat(Files.readString(dir.resolve("out.jsonl.stats.json"))).contains("\"op\":\"clean_email_mapper\",\"rows_in\":1,\"rows_out\":1,\"rows_changed\":1");
    }

    @Test
    void badArgumentsExitWithStatusTwo()
            throws IOException
    {
        assertThat(CleaningMain.run(new String[] {"--input", dir.resolve("missing.jsonl").toString(), "--output", "x"})).isEqualTo(2);
        assertThat(CleaningMain.run(new String[] {"--shard", "3/2"})).isEqualTo(2);
    }
}
