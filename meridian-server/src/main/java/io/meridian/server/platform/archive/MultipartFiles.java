package io.meridian.server.platform.archive;

import org.apache.commons.fileupload2.core.MultipartInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body as a stream of files, one part at a time, straight from the request: no
 * part is buffered in memory or on disk here, so a directory upload of 1 GB costs the server a 64 KiB buffer. A part's
 * file name may be a relative path (a directory upload sends {@code dir/sub/file.jsonl}); fields without a file name
 * are skipped. Every upload of files (a dataset's directory, a code package's files) reads its body this way.
 */
public final class MultipartFiles
{
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1");
    private static final Pattern FILENAME = Pattern.compile("filename\\*?=\"([^\"]*)\"|filename=([^;\\r\\n]+)", Pattern.CASE_INSENSITIVE);

    private MultipartFiles() {}

    public static boolean isMultipart(String contentType)
    {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** A body that is not multipart/form-data as it claims: no boundary, or a broken part. */
    public static final class MalformedException
            extends IOException
    {
        MalformedException()
        {
            super("not a readable multipart/form-data body");
        }
    }

    public static void forEach(String contentType, InputStream body, Archives.EntrySink sink)
            throws IOException
    {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw new MalformedException();
        }
        MultipartInput input;
        try {
            input = MultipartInput.builder()
                    .setInputStream(body)
                    .setBoundary(boundary.group(2).getBytes(StandardCharsets.ISO_8859_1))
                    .get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            boolean next = input.skipPreamble();
            while (next) {
                String filename = filename(input.readHeaders());
                if (filename == null || filename.isEmpty()) {
                    input.discardBodyData();
                }
                else {
                    try (InputStream content = input.newInputStream()) {
                        sink.file(filename, content);
                    }
                }
                next = input.readBoundary();
            }
        }
        catch (MultipartInput.MalformedStreamException | MultipartInput.FileUploadBoundaryException e) {
            throw new MalformedException();
        }
    }

    private static String filename(String headers)
    {
        for (String header : headers.split("\r\n")) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher matcher = FILENAME.matcher(header);
                if (matcher.find()) {
                    return (matcher.group(1) != null ? matcher.group(1) : matcher.group(2).trim()).replace('\\', '/');
                }
            }
        }
        return null;
    }
}
