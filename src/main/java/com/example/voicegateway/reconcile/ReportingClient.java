package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.config.ReportingBaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 8x8's Reporting API: start a log export job, ask for its state, download its files. Same Bearer key as the
 * callflows; a download link carries the key only when it points at the reporting host itself.
 */
@Component
class ReportingClient {

    /** 8x8's documented UTC form for {@code from} / {@code to}. */
    static final DateTimeFormatter SPAN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    // 8x8's answers are read leniently; the strict application mapper is for our own API.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An export job's state as 8x8 reports it: status lower-cased, download links only once it succeeded. */
    record JobState(String status, List<String> files, String expires) {
    }

    /** 8x8 could not be asked, or answered something other than what its API documents. */
    static final class ReportingException extends RuntimeException {
        ReportingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RestClient http;
    private final ReportingBaseUrl baseUrl;
    private final EightByEightProperties settings;

    ReportingClient(RestClient.Builder builder, ReportingBaseUrl baseUrl, GatewayProperties properties) {
        this.settings = properties.eightbyeight();
        this.baseUrl = baseUrl;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(settings.readTimeout());
        this.http = builder.clone().requestFactory(factory).build();
    }

    /** Starts a job covering [from, to), widened to whole seconds; returns 8x8's job id. */
    String start(Instant from, Instant to) {
        String body = JSON.createObjectNode()
                .put("from", SPAN.format(from.truncatedTo(ChronoUnit.SECONDS)))
                .put("to", SPAN.format(ceilSeconds(to)))
                // 0: no limit; a capped export could leave out exactly the row that proves a call
                .put("limit", 0)
                .toString();
        JsonNode answer = call("starting a log export", () -> http.post()
                .uri(exportsUri(null))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .header("Authorization", bearer())
                .body(body)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getBody()), true));
        String jobId = text(answer, "jobId");
        if (jobId == null || jobId.isBlank()) {
            throw new ReportingException("8x8 started no export job: its answer has no jobId", null);
        }
        return jobId;
    }

    JobState job(String jobId) {
        JsonNode answer = call("asking for export job " + jobId, () -> http.get()
                .uri(exportsUri(jobId))
                .accept(MediaType.APPLICATION_JSON)
                .header("Authorization", bearer())
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getBody()), true));
        String status = text(answer, "status");
        if (status == null) {
            throw new ReportingException("8x8's answer for export job " + jobId + " has no status", null);
        }
        List<String> files = new ArrayList<>();
        JsonNode data = answer.get("data");
        if (data != null && data.isArray()) {
            data.forEach(link -> {
                if (link.isString() && !link.asString().isBlank()) {
                    files.add(link.asString());
                }
            });
        }
        return new JobState(status.trim().toLowerCase(Locale.ROOT), List.copyOf(files), text(answer, "expires"));
    }

    /** Cancels a job we no longer wait for, so 8x8 does not keep building it. */
    void cancel(String jobId) {
        call("cancelling export job " + jobId, () -> http.delete()
                .uri(exportsUri(jobId))
                .header("Authorization", bearer())
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status >= 300 && status != 404) {
                        throw new ReportingException("HTTP " + status, null);
                    }
                    return null;
                }, true));
    }

    /** Streams one export file into {@code reader}. */
    <T> T download(String link, Function<InputStream, T> reader) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new ReportingException("8x8 gave an unreadable download link", e);
        }
        if (!uri.isAbsolute() || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new ReportingException("8x8 gave a download link that is not an http(s) URL", null);
        }
        // Never tried twice: rows already handed to the reader would be counted again.
        return call("downloading an export file", () -> {
            RestClient.RequestHeadersSpec<?> request = http.get().uri(uri)
                    .accept(MediaType.parseMediaType("text/csv"), MediaType.APPLICATION_OCTET_STREAM, MediaType.ALL);
            if (sameHost(uri, baseUrl.get())) {
                request = request.header("Authorization", bearer());
            }
            return request.exchange((req, response) -> {
                int status = response.getStatusCode().value();
                if (status < 200 || status >= 300) {
                    throw new ReportingException("HTTP " + status, null);
                }
                return reader.apply(response.getBody());
            }, true);
        }, 1);
    }

    private URI exportsUri(String jobId) {
        String base = baseUrl.get().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/v1/subaccounts/" + settings.subaccountId() + "/messages/exports"
                + (jobId == null ? "" : "/" + java.net.URLEncoder.encode(jobId, java.nio.charset.StandardCharsets.UTF_8)));
    }

    private String bearer() {
        return "Bearer " + (settings.apiKey() == null ? "" : settings.apiKey());
    }

    private static JsonNode answer(int status, InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        JsonNode node = null;
        try {
            node = bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (RuntimeException notJson) {
            // described below by its status
        }
        if (status < 200 || status >= 300) {
            String message = node == null ? null : firstText(node, "statusMessage", "message");
            throw new ReportingException("HTTP " + status + (message == null ? "" : ": " + message), null);
        }
        if (node == null || !node.isObject()) {
            throw new ReportingException("HTTP " + status + " without a JSON object", null);
        }
        return node;
    }

    /**
     * Runs a request; a transport failure (a pooled connection the server had closed, say) is tried once more.
     * Safe for every call here: an extra export job rings nobody.
     */
    private static <T> T call(String what, java.util.function.Supplier<T> request) {
        return call(what, request, 2);
    }

    private static <T> T call(String what, java.util.function.Supplier<T> request, int attempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (ExportCsv.Unreadable e) {
                throw e;
            } catch (ReportingException e) {
                throw new ReportingException(what + ": " + e.getMessage(), e.getCause());
            } catch (RuntimeException e) {
                if (attempt < attempts) {
                    continue;
                }
                // The class only: a message could quote a URL with a download token in it.
                throw new ReportingException(what + ": " + rootClass(e), e);
            }
        }
    }

    private static String rootClass(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    static boolean sameHost(URI link, URI reporting) {
        return reporting != null && link.getHost() != null && link.getHost().equalsIgnoreCase(reporting.getHost())
                && Objects.equals(link.getScheme().toLowerCase(Locale.ROOT), reporting.getScheme().toLowerCase(Locale.ROOT))
                && port(link) == port(reporting);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Instant ceilSeconds(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? t : floor.plusSeconds(1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
