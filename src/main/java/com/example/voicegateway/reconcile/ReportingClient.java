package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.EightByEightHttp;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.ReportingBaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
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

    /** An export job's state as 8x8 reports it: status lower-cased, download links only once it succeeded. */
    record JobState(String status, List<String> files, String expires) {
    }

    /** 8x8's answers on the exports endpoints, read with the 8x8 mapper; errors put their words in either field. */
    record Answer(String jobId, String status, List<String> data, String expires, String statusMessage,
            String message) {
    }

    /** What 8x8 is asked to export: 8x8's UTC seconds; limit 0 is no limit. */
    record ExportRequest(String from, String to, int limit) {
    }

    /** 8x8 could not be asked, or answered something other than what its API documents. */
    static final class ReportingException extends RuntimeException {
        ReportingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RestClient http;
    private final JsonMapper json;
    private final ReportingBaseUrl baseUrl;
    private final EightByEightProperties settings;

    ReportingClient(RestClient.Builder builder, ReportingBaseUrl baseUrl, EightByEightProperties properties,
            @EightByEightJson JsonMapper json) {
        this.settings = properties;
        this.baseUrl = baseUrl;
        this.json = json;
        this.http = EightByEightHttp.build(builder, settings);
    }

    /** Starts a job covering [from, to), widened to whole seconds; returns 8x8's job id. */
    String start(Instant from, Instant to) {
        // limit 0: no limit; a capped export could leave out exactly the row that proves a call
        byte[] body = json.writeValueAsBytes(new ExportRequest(SPAN.format(from.truncatedTo(ChronoUnit.SECONDS)),
                SPAN.format(ceilSeconds(to)), 0));
        Answer answer = call("starting a log export", () -> http.post()
                .uri(exportsUri(null))
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .header("Authorization", bearer())
                .body(body)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getBody()), true));
        String jobId = answer.jobId();
        if (jobId == null || jobId.isBlank()) {
            throw new ReportingException("8x8 started no export job: its answer has no jobId", null);
        }
        return jobId;
    }

    JobState job(String jobId) {
        Answer answer = call("asking for export job " + jobId, () -> http.get()
                .uri(exportsUri(jobId))
                .accept(MediaType.APPLICATION_JSON)
                .header("Authorization", bearer())
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getBody()), true));
        String status = answer.status();
        if (status == null) {
            throw new ReportingException("8x8's answer for export job " + jobId + " has no status", null);
        }
        List<String> files = new ArrayList<>();
        if (answer.data() != null) {
            answer.data().stream().filter(link -> link != null && !link.isBlank()).forEach(files::add);
        }
        return new JobState(status.trim().toLowerCase(Locale.ROOT), List.copyOf(files), answer.expires());
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

    private Answer answer(int status, InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        Answer answer = null;
        try {
            answer = bytes.length == 0 ? null : json.readValue(bytes, Answer.class);
        } catch (JacksonException notAnAnswer) {
            // described below by its status
        }
        if (status < 200 || status >= 300) {
            String message = answer == null ? null
                    : answer.statusMessage() != null ? answer.statusMessage() : answer.message();
            throw new ReportingException("HTTP " + status + (message == null ? "" : ": " + message), null);
        }
        if (answer == null) {
            throw new ReportingException("HTTP " + status + " without a JSON object", null);
        }
        return answer;
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
}
