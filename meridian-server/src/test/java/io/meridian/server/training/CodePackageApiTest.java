package io.meridian.server.training;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code packages (我的代码包): an archive is extracted where runs mount it, and never outside; up to five files form a
 * package too; a re-upload replaces the content of the same package; a download gives the files back.
 */
class CodePackageApiTest
        extends TrainingTestSupport
{
    @Autowired
    MeridianProperties properties;

    @Test
    void anUploadedZipIsExtractedWhereRunsMountIt()
            throws IOException
    {
        ApiClient.Response uploaded = uploadCodePackage(admin, "mnist-code", zip(Map.of("train.py", "print('hi')\n", "lib/util.py", "X = 1\n")));

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String id = uploaded.text("id");
        assertThat(uploaded.text("archiveFormat")).isEqualTo("zip");
        assertThat(uploaded.json().path("fileCount").asInt()).isEqualTo(2);
        assertThat(uploaded.text("mountPath")).isEqualTo("/work/mount/code/" + id);
        Path extracted = properties.home().resolve("storage/code").resolve(id);
        assertThat(Files.readString(extracted.resolve("train.py"))).isEqualTo("print('hi')\n");
        assertThat(Files.readString(extracted.resolve("lib/util.py"))).isEqualTo("X = 1\n");
        assertThat(admin.get("/api/v1/code-packages/" + id).text("name")).isEqualTo("mnist-code");
    }

    @Test
    void aZipSlipEntryIsRefusedAndNothingIsKept()
            throws IOException
    {
        Path outside = properties.home().resolve("storage/escaped.txt");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("ok.py", "print('fine')\n");
        entries.put("../../escaped.txt", "owned\n");

        ApiClient.Response refused = uploadCodePackage(admin, "evil", zip(entries));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("file:training.code-package.unsafe-entry");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("../../escaped.txt");
        assertThat(outside).doesNotExist();
        try (Stream<Path> left = Files.list(properties.home().resolve("storage/code"))) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".extract-") || name.startsWith(".upload-"));
        }
    }

    @Test
    void anythingButAnArchiveIsRefused()
    {
        ApiClient.Response refused = uploadCodePackage(admin, "text", "just text, not an archive".getBytes(StandardCharsets.UTF_8));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("file:training.code-package.format");
    }

    @Test
    void anotherTenantCannotSeeAPackage()
    {
        String id = uploadCodePackage(admin, "private", zip(Map.of("a.py", "pass\n"))).text("id");

        assertThat(newTenant().main().get("/api/v1/code-packages/" + id).status()).isEqualTo(404);
    }

    @Test
    void uploadedFilesFormAPackageWithItsEntryFile()
    {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("train.py", "import util\n");
        files.put("util.py", "X = 1\n");

        ApiClient.Response uploaded = uploadFiles(admin, "POST", "/api/v1/code-packages?name=two-files&entryFile=train.py", files);

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.text("archiveFormat")).isEqualTo("files");
        assertThat(uploaded.text("entryFile")).isEqualTo("train.py");
        assertThat(uploaded.text("status")).isEqualTo("AVAILABLE");
        assertThat(uploaded.text("source")).isEqualTo("PLATFORM_IMPORT");
        assertThat(uploaded.json().path("sizeBytes").asLong()).isEqualTo(18);
        ApiClient.Response listed = admin.get("/api/v1/code-packages/" + uploaded.text("id") + "/files");
        assertThat(listed.json().findValuesAsString("name")).containsExactly("train.py", "util.py");
    }

    @Test
    void aSixthFileOrAMissingEntryFileIsRefusedAndNothingIsKept()
    {
        Map<String, String> six = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            six.put("f" + i + ".py", "pass\n");
        }
        long before = admin.get("/api/v1/code-packages").json().path("total").asLong();

        ApiClient.Response tooMany = uploadFiles(admin, "POST", "/api/v1/code-packages?name=six", six);
        ApiClient.Response noEntry = uploadFiles(admin.inLanguage("zh-CN"), "POST", "/api/v1/code-packages?name=no-entry&entryFile=main.py", Map.of("train.py", "pass\n"));

        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.text("code")).isEqualTo("training.code-package.too-many-files");
        assertThat(noEntry.status()).isEqualTo(400);
        assertThat(noEntry.fieldErrors()).containsExactly("entryFile:training.code-package.entry-file");
        assertThat(noEntry.json().path("errors").get(0).path("message").asString()).contains("启动文件", "main.py");
        assertThat(admin.get("/api/v1/code-packages").json().path("total").asLong()).isEqualTo(before);
    }

    @Test
    void aReuploadReplacesTheContentOfTheSamePackage()
            throws IOException
    {
        String id = uploadCodePackage(admin, "reupload-me", zip(Map.of("old.py", "old\n"))).text("id");

        ApiClient.Response replaced = uploadFiles(admin, "PUT", "/api/v1/code-packages/" + id + "/content?entryFile=new.py", Map.of("new.py", "new\n"));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.text("id")).isEqualTo(id);
        assertThat(replaced.text("name")).isEqualTo("reupload-me");
        assertThat(replaced.text("entryFile")).isEqualTo("new.py");
        Path directory = properties.home().resolve("storage/code").resolve(id);
        assertThat(directory.resolve("old.py")).doesNotExist();
        assertThat(Files.readString(directory.resolve("new.py"))).isEqualTo("new\n");
        try (Stream<Path> left = Files.list(properties.home().resolve("storage/code"))) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".replaced-") || name.startsWith(".extract-"));
        }
    }

    @Test
    void aDownloadIsAZipOfThePackageFiles()
            throws IOException
    {
        String id = uploadCodePackage(admin, "download-me", zip(Map.of("train.py", "print(1)\n", "lib/util.py", "X = 2\n"))).text("id");

        HttpResponse<byte[]> download = getBytes(admin, "/api/v1/code-packages/" + id + "/download");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("download-me.zip");
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(download.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactly(Map.entry("lib/util.py", "X = 2\n"), Map.entry("train.py", "print(1)\n"));
    }

    @Test
    void theListFiltersByNameAndCreationTime()
    {
        String id = uploadCodePackage(admin, "filter-target-" + System.nanoTime(), zip(Map.of("a.py", "pass\n"))).text("id");
        String name = admin.get("/api/v1/code-packages/" + id).text("name");

        ApiClient.Response byName = admin.get("/api/v1/code-packages?name=" + name);
        ApiClient.Response future = admin.get("/api/v1/code-packages?name=" + name + "&createdFrom=2999-01-01T00:00:00Z");
        ApiClient.Response backwards = admin.get("/api/v1/code-packages?createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z");

        assertThat(byName.json().path("items").findValuesAsString("id")).containsExactly(id);
        assertThat(future.json().path("total").asLong()).isZero();
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.fieldErrors()).containsExactly("createdFrom:training.code-package.range");
    }

    /** Up to five files as multipart/form-data, as the console's upload sends them. */
    private static ApiClient.Response uploadFiles(ApiClient client, String method, String path, Map<String, String> files)
    {
        String boundary = "----meridian" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue().getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                    .header("Authorization", "Bearer " + client.token())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "application/json")
                    .header("Accept-Language", client.language())
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), JsonMapper.builder().build().readTree(response.body()), response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> getBytes(ApiClient client, String path)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path)).header("Authorization", "Bearer " + client.token()).GET().build();
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
}
