package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.DeliveryWindowProperties;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.LifetimeProperties;
import com.example.voicegateway.schedule.DeliveryWindow;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.RecipientTimeZones;
import com.example.voicegateway.schedule.WaitingFor;
import com.example.voicegateway.schedule.WindowRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * When a message may be called: {@code sendAt}, {@code validUntil}, the delivery window (the message's own, else its
 * client's, else the gateway's) with its zone, and the priority. Refuses a message that could never be called rather
 * than letting it expire later.
 */
@Component
class ScheduleResolver {

    /** Clocks of senders and gateway disagree a little; a sendAt this far in the past still means "now". */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** The schedule of one accepted message. {@code window} null: any hour. */
    record Schedule(Instant sendAt, Instant validUntil, Priority priority, DeliveryWindow window, Instant firstDueAt,
            WaitingFor waitingFor) {
    }

    /** Default windows as parsed from settings, per client; the zone may still be open. */
    private record Default(WindowRules.Spec spec, String setting) {
    }

    private final ClientPolicies clients;
    private final LifetimeProperties lifetime;
    private final Map<String, Default> defaults = new ConcurrentHashMap<>();
    private final Default global;

    ScheduleResolver(ClientPolicies clients, LifetimeProperties lifetime) {
        this.clients = clients;
        this.lifetime = lifetime;
        this.global = clients.deliveryWindow() == null ? null
                : new Default(clients.deliveryWindow().spec(), "gateway.delivery-window");
    }

    /** The schedule, or null with the broken rules added to {@code errors}. */
    Schedule resolve(VoiceMessageRequest request, String clientName, String destination, Instant now,
            List<FieldViolation> errors) {
        int before = errors.size();
        Instant sendAt = request.sendAt() == null ? null : request.sendAt().truncatedTo(ChronoUnit.MILLIS);
        if (sendAt != null) {
            if (sendAt.isBefore(now.minus(CLOCK_SKEW))) {
                errors.add(new FieldViolation("sendAt", "must not be in the past"));
            } else if (sendAt.isAfter(now.plus(lifetime.maxValidity()))) {
                errors.add(new FieldViolation("sendAt", "must be at most " + human(lifetime.maxValidity())
                        + " ahead (gateway.max-validity)"));
            }
        }
        Instant start = sendAt != null && sendAt.isAfter(now) ? sendAt : now;
        Instant validUntil = validUntil(request.validUntil(), sendAt, start, errors);
        ClientProperties client = clients.client(clientName);
        Priority priority = request.priority() != null ? request.priority() : client.defaultPriority();
        DeliveryWindow window = window(request, client, clientName, destination, errors);
        if (errors.size() > before) {
            return null;
        }
        Instant firstDueAt = start;
        WaitingFor waitingFor = start.isAfter(now) ? WaitingFor.SEND_AT : null;
        if (window != null) {
            var opening = window.nextStart(start, validUntil);
            if (opening.isEmpty()) {
                errors.add(new FieldViolation("validUntil", validUntil + " ends before the delivery"
                        + " window (" + window + ") opens" + window.nextOpening(start)
                                .map(o -> " at " + o.start()).orElse("") + "; the message could never be called"));
                return null;
            }
            if (opening.get().isAfter(start)) {
                firstDueAt = opening.get();
                waitingFor = WaitingFor.DELIVERY_WINDOW;
            }
        }
        return new Schedule(sendAt, validUntil, priority, window, firstDueAt, waitingFor);
    }

    private Instant validUntil(Instant requested, Instant sendAt, Instant start, List<FieldViolation> errors) {
        if (requested == null) {
            return start.plus(lifetime.defaultValidity()).truncatedTo(ChronoUnit.MILLIS);
        }
        // A scheduled message may stay valid for max-validity from its start, not only from now.
        if (!requested.isAfter(start)) {
            errors.add(new FieldViolation("validUntil", start.equals(sendAt)
                    ? "must be after sendAt" : "must be in the future"));
        } else if (requested.isAfter(start.plus(lifetime.maxValidity()))) {
            errors.add(new FieldViolation("validUntil", "must be at most " + human(lifetime.maxValidity())
                    + " ahead" + (sendAt != null ? " of sendAt" : "") + " (gateway.max-validity)"));
        }
        // 8x8 takes validUntil with millisecond precision; storing the same precision keeps the two equal.
        return requested.truncatedTo(ChronoUnit.MILLIS);
    }

    private DeliveryWindow window(VoiceMessageRequest request, ClientProperties client, String clientName,
            String destination, List<FieldViolation> errors) {
        WindowRules.Spec spec;
        String origin;
        if (request.deliveryWindow() != null) {
            DeliveryWindowRequest given = request.deliveryWindow().window();
            if (given == null) {
                return null;
            }
            List<WindowRules.Problem> problems = new ArrayList<>();
            spec = WindowRules.parse(WindowRules.Names.json("deliveryWindow"), given.from(), given.to(), given.days(),
                    given.timeZone(), problems);
            problems.forEach(p -> errors.add(new FieldViolation(p.field(), p.message())));
            origin = null;
        } else {
            Default fallback = defaultFor(clientName, client.deliveryWindow());
            if (fallback == null) {
                return null;
            }
            spec = fallback.spec();
            origin = fallback.setting();
        }
        if (spec == null || destination == null) {
            return null;
        }
        ZoneId zone = spec.zone() != null ? spec.zone() : zoneOf(destination, origin, errors);
        return zone == null ? null : spec.in(zone);
    }

    private Default defaultFor(String clientName, DeliveryWindowProperties own) {
        if (own == null) {
            return global;
        }
        return defaults.computeIfAbsent(clientName,
                name -> new Default(own.spec(), "gateway.clients." + name + ".delivery-window"));
    }

    private static ZoneId zoneOf(String destination, String origin, List<FieldViolation> errors) {
        RecipientTimeZones.Found found = RecipientTimeZones.of(destination);
        if (found.single() != null) {
            return found.single();
        }
        String where = found.region() == null ? "the destination's country is not known"
                : found.zones().isEmpty() ? "no time zone is known for the destination's country (" + found.region() + ")"
                : "the destination's country (" + found.region() + ") spans several time zones ("
                        + found.zones().stream().limit(4).map(ZoneId::getId).collect(Collectors.joining(", "))
                        + (found.zones().size() > 4 ? ", ..." : "") + ")";
        String applies = origin == null ? "" : " for the default window " + origin;
        errors.add(new FieldViolation("deliveryWindow.timeZone", "is required" + applies + ": " + where
                + "; name an IANA zone like America/New_York" + (origin == null ? ""
                        : ", or send \"deliveryWindow\": null to call at any hour")));
        return null;
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
