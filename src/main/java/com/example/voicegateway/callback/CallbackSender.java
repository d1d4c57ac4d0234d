package com.example.voicegateway.callback;

import com.example.voicegateway.config.ClientPolicies;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One signed POST of one event. Signed per attempt (Standard Webhooks: the timestamp is the attempt's, so receivers
 * can refuse replays), with the same {@code webhook-id} every time. Redirects are not followed: a receiver that moved
 * must be reconfigured, not silently chased to another host.
 *
 * <p>Each client has an HTTP client of its own whose name lookup is {@link AllowedAddressResolver}: the addresses it
 * connects to are the ones checked against that client's callback-hosts, at connection time. Apache HttpClient rather
 * than the JDK's, which on Java 17 has no hook between the lookup and the connect.
 */
@Component
class CallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    private static final ContentType JSON = ContentType.create("application/json");

    /** What one attempt came to; {@code httpStatus} is null when no answer came. */
    record Result(boolean delivered, boolean gone, Integer httpStatus, String error) {

        static Result answered(int status) {
            boolean ok = status >= 200 && status < 300;
            return new Result(ok, status == 410, status, ok ? null : "HTTP " + status);
        }

        static Result noAnswer(String error) {
            return new Result(false, false, null, error);
        }
    }

    private final ClientPolicies policies;
    private final CallbacksProperties settings;
    private final Duration timeout;
    private final Clock clock;
    private final DnsResolver dns;
    private final Map<String, CloseableHttpClient> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callback-deadlines");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    CallbackSender(CallbacksProperties settings, ClientPolicies clients, Clock clock) {
        this(settings, clients, clock, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With a name lookup of the test's own, so a made-up name can resolve to a chosen address. */
    CallbackSender(CallbacksProperties settings, ClientPolicies clients, Clock clock, DnsResolver dns) {
        this.policies = clients;
        this.settings = settings;
        this.timeout = settings.timeout();
        this.clock = clock;
        this.dns = dns;
    }

    Result send(CallbackStore.Claimed event, String secret) {
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret).sign(event.id().toString(), timestamp, event.payload());
        } catch (WebhookSigningException | IllegalArgumentException e) {
            // Never the secret or the library's message, which might quote it.
            return Result.noAnswer("could not sign with the client's callback-secret");
        }
        HttpPost post = new HttpPost(URI.create(event.url()));
        post.setHeader("User-Agent", "voice-gateway-callbacks");
        post.setHeader("webhook-id", event.id().toString());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", signature);
        post.setEntity(new ByteArrayEntity(event.payload().getBytes(StandardCharsets.UTF_8), JSON));
        // Connect and answer each get the timeout; this bounds the whole attempt, a receiver that drips its answer
        // a byte at a time included, well within the worker's lease.
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        Integer status = null;
        try {
            ClassicHttpResponse response = client(event.clientName()).executeOpen(null, post, null);
            status = response.getCode();
            // Reads the rest of the body, so the connection can serve the next event to this receiver.
            response.close();
            return Result.answered(status);
        } catch (IOException e) {
            if (status != null) {
                // The answer came; only the rest of its body did not.
                return Result.answered(status);
            }
            if (e instanceof AddressNotAllowedException) {
                log.warn("Callback {} to {}: not sent, {}; list them in gateway.clients.{}.callback-hosts if the"
                        + " receiver is meant to be there", event.id(), event.host(), e.getMessage(), event.clientName());
            } else {
                // The class only: a message could quote the URL, which may carry the receiver's token.
                log.debug("Callback {} to {}: {}", event.id(), event.host(), e.getClass().getName());
            }
            return Result.noAnswer(late.get() ? DeliveryErrors.TIMED_OUT : DeliveryErrors.describe(e));
        } finally {
            deadline.cancel(false);
        }
    }

    private CloseableHttpClient client(String clientName) {
        return clients.computeIfAbsent(clientName, this::newClient);
    }

    private CloseableHttpClient newClient(String clientName) {
        Timeout each = Timeout.of(timeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new AllowedAddressResolver(policies.client(clientName).callbackAddresses(), dns))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(each)
                                .setSocketTimeout(each)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .setTimeToLive(TimeValue.ofMinutes(1))
                                .build())
                        .setMaxConnPerRoute(CallbacksProperties.MAX_PER_HOST)
                        .setMaxConnTotal(CallbacksProperties.POOL_SIZE)
                        .build())
                // Never a proxy, from settings or system properties: it would connect for us, past the address check.
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(each)
                        .setConnectionRequestTimeout(each)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                // A POST that may have arrived is retried by the schedule, with a fresh signature, not by the client.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
        clients.values().forEach(client -> client.close(CloseMode.GRACEFUL));
        clients.clear();
    }
}
