package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.training.internal.TensorBoardFiles.TensorBoardFile;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * TensorBoard (001-A §6.3–6.4, 002 §4.6.4.1): the event files a run wrote into its TensorBoard directory, listed and
 * downloaded. TensorBoard itself is not served; the files open in any TensorBoard. Who may see them is the matrix's
 * "events/logs/monitoring" row, as for logs and metrics.
 */
@RestController
@RequestMapping("/api/v1/training-runs")
class RunTensorBoardController
{
    private final RunService runs;
    private final TrainingOwner training;

    RunTensorBoardController(RunService runs, TrainingOwner training)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.training = requireNonNull(training, "training is null");
    }

    /**
     * @param path the run's directory as its instances see it ({@code <task path>/<run id>}, {@code $MERIDIAN_TENSORBOARD_DIR})
     * @param truncated more than {@code limit} files: only the first {@code limit} by walk order are listed
     */
    record TensorBoardView(String runId, boolean enabled, String path, List<TensorBoardFile> files, boolean truncated, int limit) {}

    @GetMapping("/{id}/tensorboard")
    TensorBoardView list(@PathVariable String id)
    {
        RunRecord run = runs.observable(CurrentPrincipal.get(), id);
        return training.tensorBoard(run)
                .map(files -> {
                    TensorBoardFiles.Listing listing = files.list();
                    return new TensorBoardView(run.id(), true, TrainingOwner.definition(run).tensorboard().runPath(run.id()), listing.files(), listing.truncated(),
                            TensorBoardFiles.MAX_FILES);
                })
                .orElseGet(() -> new TensorBoardView(run.id(), false, null, List.of(), false, TensorBoardFiles.MAX_FILES));
    }

    @GetMapping("/{id}/tensorboard/files")
    void download(@PathVariable String id, @RequestParam(required = false) String name, HttpServletResponse response)
            throws IOException
    {
        RunRecord run = runs.observable(CurrentPrincipal.get(), id);
        TensorBoardFiles files = training.tensorBoard(run).orElseThrow(() -> ApiException.notFound("tensorboard-file", String.valueOf(name)));
        // every refusal happens before the first byte, so it is still a problem answer
        try (FileChannel channel = files.open(name)) {
            String fileName = name.substring(name.lastIndexOf('/') + 1);
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            // a plain filename="…" for ASCII names (event files' are); RFC 5987 filename* only when needed
            ContentDisposition disposition = StandardCharsets.US_ASCII.newEncoder().canEncode(fileName)
                    ? ContentDisposition.attachment().filename(fileName).build()
                    : ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build();
            response.setHeader("Content-Disposition", disposition.toString());
            // a writer may still append: send what the file held when it was opened
            long size = channel.size();
            response.setContentLengthLong(size);
            OutputStream out = response.getOutputStream();
            WritableByteChannel target = Channels.newChannel(out);
            long sent = 0;
            while (sent < size) {
                long transferred = channel.transferTo(sent, size - sent, target);
                if (transferred <= 0) {
                    break;
                }
                sent += transferred;
            }
            out.flush();
        }
    }
}
