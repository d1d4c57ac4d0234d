package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightHttp;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.phone.PhoneNumbers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/health} component {@code callerIdRegistration}: are the configured caller ids ({@link CallerIds}) numbers of
 * the 8x8 account? 8x8 places a local call only from a source registered on the account, and refuses the callflow
 * otherwise, so one that is not is a warning for ops before it is a refused call. Asked of 8x8
 * ({@code GET /api/v1/subaccounts/{id}/numbers}, the sandbox's emulator serves one) when the gateway is ready, then
 * every hour, and every five minutes while 8x8 could not be asked. Always UP: a caller id 8x8 does not list may still work for international calls, and 8x8 being
 * unreachable is the {@code eightByEight} component's to say; the details and
 * {@code voice_gateway.caller_ids.unregistered} say what is wrong.
 */
@Component("callerIdRegistration")
class CallerIdRegistration implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CallerIdRegistration.class);
    /** A check that got 8x8's answer holds this long. */
    private static final long EVERY_HOUR_MS = 3_600_000;
    /** How soon a check that could not ask 8x8 (down, slow at start) is tried again. */
    private static final long RETRY_MS = 300_000;

    /** What 8x8 said, or why it could not be asked ({@code reason} set, the lists empty). */
    record Check(Instant at, List<String> registered, List<String> notRegistered, String reason) {
    }

    private final EightByEightBaseUrl baseUrl;
    private final EightByEightProperties eightByEight;
    private final CallerIds callerIds;
    private final RestClient.Builder builder;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Check last;

    CallerIdRegistration(EightByEightBaseUrl baseUrl, EightByEightProperties eightByEight, CallerIds callerIds,
            RestClient.Builder builder, @EightByEightJson JsonMapper json, Clock clock, MeterRegistry meters) {
        this.baseUrl = baseUrl;
        this.eightByEight = eightByEight;
        this.callerIds = callerIds;
        this.builder = builder;
        this.json = json;
        this.clock = clock;
        Gauge.builder("voice_gateway.caller_ids.unregistered", this,
                        registration -> registration.last == null ? 0 : registration.last.notRegistered().size())
                .description("Configured caller ids the 8x8 account does not list as active numbers (last check)")
                .register(meters);
    }

    /** Every few minutes, a new check when the last one could not ask 8x8 or is an hour old. */
    @Scheduled(initialDelay = RETRY_MS, fixedDelay = RETRY_MS)
    void refreshWhenDue() {
        Check check = last;
        if (check == null || check.reason() != null
                || !clock.instant().isBefore(check.at().plusMillis(EVERY_HOUR_MS))) {
            refresh();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void refresh() {
        Check check;
        try {
            String body = EightByEightHttp.build(builder, eightByEight).get()
                    .uri(baseUrl.get() + "/api/v1/subaccounts/{id}/numbers", eightByEight.subaccountId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + (eightByEight.apiKey() == null ? ""
                            : eightByEight.apiKey()))
                    .retrieve().body(String.class);
            check = compare(callerIds.all(), active(json.readTree(body == null ? "{}" : body)), clock.instant());
        } catch (RuntimeException e) {
            // 8x8 down, our key refused, a base URL not set: nothing is known, and nothing is claimed.
            check = new Check(clock.instant(), List.of(), List.of(), "8x8's numbers could not be fetched ("
                    + e.getClass().getSimpleName() + ")");
            log.warn("Caller ids not checked against the 8x8 account: {}; asked again in {} min", check.reason(),
                    RETRY_MS / 60_000);
        }
        Check previous = last;
        last = check;
        if (!check.notRegistered().isEmpty() && (previous == null
                || !previous.notRegistered().equals(check.notRegistered()))) {
            log.warn("Caller ids not registered on 8x8 subaccount {}: {}; 8x8 refuses local calls from them",
                    eightByEight.subaccountId(), check.notRegistered().stream().map(PhoneNumbers::mask).toList());
        }
    }

    /** The configured caller ids sorted into those 8x8 lists as active and the rest. */
    static Check compare(Iterable<String> configured, List<String> active, Instant at) {
        List<String> registered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String callerId : configured) {
            (active.contains(callerId) ? registered : missing).add(callerId);
        }
        return new Check(at, List.copyOf(registered), List.copyOf(missing), null);
    }

    /**
     * The numbers in 8x8's answer that can place calls, in E.164: every {@code numbers[].msisdn} (with or without
     * {@code +}) whose {@code operationalStatus} is not {@code Inactive}; 8x8's field names in any case.
     */
    static List<String> active(JsonNode answer) {
        List<String> numbers = new ArrayList<>();
        JsonNode list = field(answer, "numbers");
        if (list == null || !list.isArray()) {
            return numbers;
        }
        for (JsonNode number : list) {
            JsonNode msisdn = field(number, "msisdn");
            JsonNode status = field(number, "operationalStatus");
            boolean inactive = status != null && status.isString()
                    && status.asString().trim().toLowerCase(Locale.ROOT).equals("inactive");
            if (msisdn != null && msisdn.isString() && !inactive) {
                PhoneNumbers.toE164(msisdn.asString().trim()).ifPresent(numbers::add);
            }
        }
        return numbers;
    }

    @Override
    public Health health() {
        Check check = last;
        Health.Builder health = Health.up().withDetail("configured", List.copyOf(callerIds.all()));
        if (check == null) {
            return health.withDetail("checked", false).build();
        }
        health.withDetail("checkedAt", check.at().toString());
        if (check.reason() != null) {
            return health.withDetail("checked", false).withDetail("reason", check.reason()).build();
        }
        health.withDetail("checked", true).withDetail("notRegistered", check.notRegistered());
        if (!check.notRegistered().isEmpty()) {
            health.withDetail("warning", check.notRegistered().size() + " configured caller id(s) are not active"
                    + " numbers of 8x8 subaccount " + eightByEight.subaccountId() + ": 8x8 refuses local calls from"
                    + " them; register them with 8x8, or remove them from gateway.eightbyeight.default-source and"
                    + " gateway.eightbyeight.sources");
        }
        return health.build();
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String each : node.propertyNames()) {
            if (each.equalsIgnoreCase(name)) {
                return node.get(each);
            }
        }
        return null;
    }

    /** For tests: the last check, or null before the first. */
    Check last() {
        return last;
    }
}
