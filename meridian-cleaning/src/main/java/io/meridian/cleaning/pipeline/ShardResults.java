package io.meridian.cleaning.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's first-step result saved in the work directory, so that the process that merges can read what the others
 * did: one line of row counts, then one line per operator.
 */
public final class ShardResults
{
    private ShardResults() {}

    public static Path path(Path workDir, int shard)
    {
        return workDir.resolve("result-" + shard + ".txt");
    }

    public static void save(ShardResult result, Path workDir)
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        lines.add(result.shard() + " " + result.rowsRead() + " " + result.rowsWritten() + " " + result.malformedRows() + " " + result.bytesRead());
        for (OperatorStats s : result.stats()) {
            lines.add(s.name() + " " + s.rowsIn + " " + s.rowsOut + " " + s.rowsChanged + " " + s.bytesIn + " " + s.bytesOut + " " + s.nanos + " " + s.cpuNanos);
        }
        Files.write(path(workDir, result.shard()), lines);
    }

    public static ShardResult load(Path workDir, int shard)
            throws IOException
    {
        Path path = path(workDir, shard);
        if (!Files.exists(path)) {
            throw new IOException("shard " + shard + " has no result in " + workDir + ": run it with --shard " + shard + "/n first");
        }
        List<String> lines = Files.readAllLines(path);
        String[] head = lines.get(0).split(" ");
        List<OperatorStats> stats = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            OperatorStats s = new OperatorStats(f[0]);
            s.record(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
            s.addCpuNanos(Long.parseLong(f[7]));
            stats.add(s);
        }
        return new ShardResult(Integer.parseInt(head[0]), Long.parseLong(head[1]), Long.parseLong(head[2]), Long.parseLong(head[3]), Long.parseLong(head[4]), stats);
    }
}
