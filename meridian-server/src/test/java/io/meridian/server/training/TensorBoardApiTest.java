package io.meridian.server.training;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TensorBoard 日志路径 (002 §4.6.4.1, 001-A §6.3–6.4): a task with TensorBoard on gives each run a directory
 * ({@code <path>/<run id>}, {@code $MERIDIAN_TENSORBOARD_DIR}); {@code meridian_runtime.report()} writes event files
 * there; the API lists and downloads them, never through a link and never outside the run's directory.
 */
class TensorBoardApiTest
        extends TrainingTestSupport
{
    // exactly representable as float32, the type of a TensorBoard simple_value
    private static final List<Double> LOSSES = List.of(2.5, 1.75, 1.125, 0.8125, 0.5, 0.375);

    private static final String TRAIN = """
            import os
            import meridian_runtime as mr

            print("tensorboard dir " + os.environ["MERIDIAN_TENSORBOARD_DIR"], flush=True)
            for step, loss in enumerate([%s], 1):
                mr.report(step, loss=loss)
            directory = mr.tensorboard_dir()
            # links a script may plant, pointing out of the run's directory
            os.symlink("/etc/hostname", os.path.join(directory, "hostname"))
            os.symlink("/etc", os.path.join(directory, "etc"))
            print("done", flush=True)
            """.formatted(String.join(", ", LOSSES.stream().map(String::valueOf).toList()));

    @Test
    void aRunsEventFileHoldsExactlyTheReportedStepsAndLossesAndNothingOutsideItsDirectoryIsServed()
    {
        String codePackageId = uploadCodePackage(admin, "tensorboard-example", zip(Map.of("train.py", TRAIN))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique("tb_"), "mode", "SINGLE", "nodes", 1, "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" train.py", "tensorboard", body("enabled", true, "path", "/work/home/tb")));
        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, Duration.ofMinutes(2), "SUCCEEDED");
        assertThat(run.path("definition").path("tensorboard").path("path").asString()).as("the run's copy of the definition").isEqualTo("/work/home/tb");
        assertThat(TrainingRunApiTest.logText(admin.get("/api/v1/training-runs/" + runId + "/logs")))
                .anyMatch(line -> line.startsWith("tensorboard dir ") && line.endsWith("/tb/" + runId))
                .contains("done");

        ApiClient.Response listing = admin.get("/api/v1/training-runs/" + runId + "/tensorboard");

        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.json().path("enabled").asBoolean()).isTrue();
        assertThat(listing.text("path")).isEqualTo("/work/home/tb/" + runId);
        assertThat(listing.json().path("truncated").asBoolean()).isFalse();
        List<JsonNode> files = listing.json().path("files").valueStream().toList();
        assertThat(files).as("one event file; the links are not regular files").hasSize(1);
        String name = files.getFirst().path("name").asString();
        assertThat(name).startsWith("events.out.tfevents.");
        assertThat(files.getFirst().path("modifiedAt").isNull()).isFalse();

        HttpResponse<byte[]> download = getBytes(admin, "/api/v1/training-runs/" + runId + "/tensorboard/files?name=" + encode(name));

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment").contains(name);
        assertThat((long) download.body().length).isEqualTo(files.getFirst().path("size").asLong());
        List<byte[]> records = records(download.body());
        assertThat(fileVersion(records.getFirst())).isEqualTo("brain.Event:2");
        Map<Long, Float> losses = new LinkedHashMap<>();
        for (byte[] record : records.subList(1, records.size())) {
            Event event = event(record);
            assertThat(event.wallTime()).isGreaterThan(1.6e9);
            assertThat(event.values().keySet()).containsExactly("loss");
            losses.put(event.step(), event.values().get("loss"));
        }
        Map<Long, Float> reported = new LinkedHashMap<>();
        for (int i = 0; i < LOSSES.size(); i++) {
            reported.put(i + 1L, LOSSES.get(i).floatValue());
        }
        assertThat(losses).containsExactlyEntriesOf(reported);

        String file = "/api/v1/training-runs/" + runId + "/tensorboard/files?name=";
        assertThat(admin.get(file + encode("../../checkpoints/" + runId)).fieldErrors()).containsExactly("name:training.tensorboard.file.invalid");
        assertThat(admin.get(file + encode("/etc/hostname")).fieldErrors()).containsExactly("name:training.tensorboard.file.invalid");
        assertThat(admin.get(file + encode("./" + name)).fieldErrors()).containsExactly("name:training.tensorboard.file.invalid");
        assertThat(admin.get(file).fieldErrors()).containsExactly("name:training.tensorboard.file.invalid");
        assertThat(admin.get(file + "hostname").fieldErrors()).as("a link to a file").containsExactly("name:training.tensorboard.file.link");
        assertThat(admin.get(file + encode("etc/hostname")).fieldErrors()).as("a file under a linked directory").containsExactly("name:training.tensorboard.file.link");
        ApiClient.Response chinese = admin.inLanguage("zh-CN").get(file + "hostname");
        assertThat(chinese.json().path("errors").get(0).path("message").asString()).contains("符号链接");
        assertThat(admin.get(file + "no-such-file").status()).isEqualTo(404);

        ApiClient other = newTenant().main();
        assertThat(other.get("/api/v1/training-runs/" + runId + "/tensorboard").status()).isEqualTo(404);
        assertThat(other.get(file + encode(name)).status()).isEqualTo(404);
    }

    @Test
    void aRunWhoseDirectoryWasReplacedByALinkListsNothing()
    {
        String taskId = createTask(admin, taskForm(admin, unique("tblink_"), "mode", "SINGLE", "nodes", 1,
                "command", "rmdir \"$MERIDIAN_TENSORBOARD_DIR\" && ln -s /etc \"$MERIDIAN_TENSORBOARD_DIR\"",
                "tensorboard", body("enabled", true)));
        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, Duration.ofMinutes(2), "SUCCEEDED");

        ApiClient.Response listing = admin.get("/api/v1/training-runs/" + runId + "/tensorboard");

        assertThat(listing.status()).as(listing.toString()).isEqualTo(409);
        assertThat(listing.text("code")).isEqualTo("training.tensorboard.link");
        assertThat(admin.get("/api/v1/training-runs/" + runId + "/tensorboard/files?name=hostname").fieldErrors())
                .containsExactly("name:training.tensorboard.file.link");
    }

    @Test
    void aRunWithoutTensorBoardHasNoDirectoryAndNoFiles()
    {
        String taskId = createTask(admin, taskForm(admin, unique("tboff_"), "mode", "SINGLE", "nodes", 1,
                "command", "echo \"dir=${MERIDIAN_TENSORBOARD_DIR:-unset}\""));
        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, Duration.ofMinutes(2), "SUCCEEDED");

        ApiClient.Response listing = admin.get("/api/v1/training-runs/" + runId + "/tensorboard");

        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.json().path("enabled").asBoolean()).isFalse();
        assertThat(listing.json().path("files").size()).isZero();
        assertThat(TrainingRunApiTest.logText(admin.get("/api/v1/training-runs/" + runId + "/logs"))).contains("dir=unset");
        assertThat(admin.get("/api/v1/training-runs/" + runId + "/tensorboard/files?name=x").status()).isEqualTo(404);
    }

    @Test
    void theTensorBoardPathIsAContainerPathUnderWorkHomeStoredNormalizedAndKeptByEditAndCopy()
    {
        assertThat(tensorBoardPathError("relative/logs")).isEqualTo("tensorboard.path:training.tensorboard.path.absolute");
        assertThat(tensorBoardPathError("/work/home/../../etc")).isEqualTo("tensorboard.path:training.tensorboard.path.parent");
        assertThat(tensorBoardPathError("/work/homework/logs")).isEqualTo("tensorboard.path:training.tensorboard.path.outside");
        assertThat(tensorBoardPathError("/work/home")).isEqualTo("tensorboard.path:training.tensorboard.path.outside");
        assertThat(tensorBoardPathError("/work/cache/logs")).isEqualTo("tensorboard.path:training.tensorboard.path.outside");
        assertThat(tensorBoardPathError("/work/home/a\nb")).isEqualTo("tensorboard.path:training.tensorboard.path.control");
        assertThat(tensorBoardPathError("/work/home/" + "x".repeat(300))).isEqualTo("tensorboard.path:validation.max-length");

        Map<String, Object> outside = taskForm(admin, unique("tbbad_"), "tensorboard", body("enabled", true, "path", "/tmp/logs"));
        assertThat(admin.post("/api/v1/training-tasks", outside).json().path("errors").get(0).path("message").asString())
                .isEqualTo("The TensorBoard path must be a directory under /work/home, for example /work/home/tensorboard: only the user directory is kept and read back.");
        assertThat(admin.inLanguage("zh-CN").post("/api/v1/training-tasks", outside).json().path("errors").get(0).path("message").asString())
                .isEqualTo("TensorBoard 日志路径必须是 /work/home 下的目录，例如 /work/home/tensorboard：只有用户目录中的数据会被保留和读取。");

        ApiClient.Response normalized = admin.post("/api/v1/training-tasks",
                taskForm(admin, unique("tbnorm_"), "tensorboard", body("enabled", true, "path", " /work/home//runs/./tb/ ")));
        assertThat(normalized.status()).as(normalized.toString()).isEqualTo(201);
        assertThat(normalized.json().path("tensorboard").path("path").asString()).isEqualTo("/work/home/runs/tb");

        ApiClient.Response defaulted = admin.post("/api/v1/training-tasks", taskForm(admin, unique("tbdef_"), "tensorboard", body("enabled", true)));
        assertThat(defaulted.json().path("tensorboard").path("path").asString()).isEqualTo("/work/home/tensorboard");
        ApiClient.Response off = admin.post("/api/v1/training-tasks", taskForm(admin, unique("tbnone_")));
        assertThat(off.json().path("tensorboard").path("enabled").asBoolean()).isFalse();
        assertThat(off.json().path("tensorboard").path("path").isNull()).isTrue();

        String taskId = normalized.text("id");
        Map<String, Object> edit = taskForm(admin, normalized.text("name"), "tensorboard", body("enabled", true, "path", "/work/home/edited"),
                "version", normalized.json().path("version").asLong());
        ApiClient.Response edited = admin.put("/api/v1/training-tasks/" + taskId, edit);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(admin.get("/api/v1/training-tasks/" + taskId).json().path("tensorboard").path("path").asString()).isEqualTo("/work/home/edited");
        ApiClient.Response copy = admin.post("/api/v1/training-tasks/" + taskId + "/copy", body("name", unique("tbcopy_")));
        assertThat(copy.json().path("tensorboard").path("enabled").asBoolean()).isTrue();
        assertThat(copy.json().path("tensorboard").path("path").asString()).isEqualTo("/work/home/edited");
    }

    private String tensorBoardPathError(String path)
    {
        ApiClient.Response refused = admin.post("/api/v1/training-tasks", taskForm(admin, unique("tbbad_"), "tensorboard", body("enabled", true, "path", path)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).hasSize(1);
        return refused.fieldErrors().getFirst();
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> getBytes(ApiClient client, String path)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                    .header("Authorization", "Bearer " + client.token())
                    .GET()
                    .build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data of each TFRecord: uint64 length, masked CRC32C of it, data, masked CRC32C of the data; both CRCs checked. */
    private static List<byte[]> records(byte[] file)
    {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] header = new byte[8];
            in.get(header);
            assertThat(in.getInt()).as("masked CRC32C of the length").isEqualTo(maskedCrc32c(header));
            byte[] data = new byte[Math.toIntExact(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong())];
            in.get(data);
            assertThat(in.getInt()).as("masked CRC32C of the data").isEqualTo(maskedCrc32c(data));
            records.add(data);
        }
        return records;
    }

    private static int maskedCrc32c(byte[] data)
    {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + 0xA282EAD8;
    }

    record Event(double wallTime, long step, Map<String, Float> values) {}

    private static String fileVersion(byte[] event)
    {
        Wire wire = new Wire(event);
        String version = null;
        while (wire.more()) {
            int key = (int) wire.varint();
            switch (key) {
                case 1 << 3 | 1 -> wire.fixed64();
                case 3 << 3 | 2 -> version = new String(wire.bytes(), StandardCharsets.UTF_8);
                default -> throw new AssertionError("unexpected field key " + key + " in the first event");
            }
        }
        return version;
    }

    /** A tensorflow.Event: wall_time (1, double), step (2, int64), summary (5) { value (1) { tag (1), simple_value (2, float) } }. */
    private static Event event(byte[] event)
    {
        Wire wire = new Wire(event);
        double wallTime = 0;
        long step = -1;
        Map<String, Float> values = new LinkedHashMap<>();
        while (wire.more()) {
            int key = (int) wire.varint();
            switch (key) {
                case 1 << 3 | 1 -> wallTime = Double.longBitsToDouble(wire.fixed64());
                case 2 << 3 -> step = wire.varint();
                case 5 << 3 | 2 -> {
                    Wire summary = new Wire(wire.bytes());
                    while (summary.more()) {
                        assertThat(summary.varint()).as("Summary.value").isEqualTo(1 << 3 | 2);
                        Wire value = new Wire(summary.bytes());
                        String tag = null;
                        Float simple = null;
                        while (value.more()) {
                            int valueKey = (int) value.varint();
                            switch (valueKey) {
                                case 1 << 3 | 2 -> tag = new String(value.bytes(), StandardCharsets.UTF_8);
                                case 2 << 3 | 5 -> simple = Float.intBitsToFloat(value.fixed32());
                                default -> throw new AssertionError("unexpected field key " + valueKey + " in Summary.Value");
                            }
                        }
                        values.put(tag, simple);
                    }
                }
                default -> throw new AssertionError("unexpected field key " + key + " in an event");
            }
        }
        return new Event(wallTime, step, values);
    }

    /** Protobuf wire format reading: varints, little-endian fixed32/64, length-delimited bytes. */
    private static final class Wire
    {
        private final ByteBuffer in;

        Wire(byte[] data)
        {
            this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more()
        {
            return in.hasRemaining();
        }

        long varint()
        {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte next = in.get();
                value |= (long) (next & 0x7F) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
        }

        long fixed64()
        {
            return in.getLong();
        }

        int fixed32()
        {
            return in.getInt();
        }

        byte[] bytes()
        {
            byte[] bytes = new byte[Math.toIntExact(varint())];
            in.get(bytes);
            return bytes;
        }
    }
}
