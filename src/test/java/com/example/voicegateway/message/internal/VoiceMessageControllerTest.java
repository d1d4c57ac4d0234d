package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

import com.example.voicegateway.auth.ApiKeySecurityTestConfiguration;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.auth.FailedSignIns;
import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.config.StrictJsonTestConfiguration;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import com.example.voicegateway.web.ProblemResponses;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import com.example.voicegateway.config.ClientPolicies;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockPart;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code /voice-messages} as HTTP, without the rest of the gateway: a web slice ({@code @WebMvcTest}) of
 * {@link VoiceMessageController}, its only collaborator {@link VoiceMessageService} a mock. What is proven here is what
 * the web layer decides alone: how a body is read (strict JSON, the NUL rule, malformed or non-JSON bodies), which
 * query parameters the list refuses, how every refusal is answered (400, 401 or 415 as problem+json, the field named
 * in words) and that a refused request never reaches intake. The intake rules that need settings, the caller or the
 * clock ({@link VoiceMessageRequestValidator}) and whatever touches PostgreSQL stay in the full-context tests
 * ({@code message.IntakeValidationTest}, {@code MessageListAndStoreTest}). {@link BroadcastIntakeController} shares
 * the slice for what only its web layer decides: how the parts of a file upload are read and refused (the CSV's rules
 * are {@link BroadcastCsvTest}'s, Tomcat's multipart limits {@code broadcast.internal.BroadcastFileTest}'s).
 *
 * <p>It is a slice because it starts no server, no database and none of the gateway's other beans: Spring MVC with our
 * controller advice ({@code web.GlobalProblemHandler}), our servlet filters (the query, body-size and NUL rules) and
 * the caller resolver, which {@code @WebMvcTest} picks up by type. Two pieces it does not scan are imported on purpose,
 * so the slice answers as the gateway does: the JSON mapper's strict reading ({@link StrictJsonTestConfiguration})
 * and the API's real security ({@link ApiKeySecurityTestConfiguration}).
 *
 * <p>Security is the project's own filter chain with the keys of {@code application.properties}, not
 * {@code @WithMockUser} or a filter-less MockMvc: a client is a {@link Caller} made from its {@code X-API-Key}, which
 * the controller takes as a parameter, and Boot's default chain would answer a POST with a CSRF 403 instead. Requests
 * here therefore present a key exactly as a client does, and a missing key is the same 401 problem. Only the sign-in
 * throttle, whose buckets live in PostgreSQL, is a mock that never throttles; Boot's generated user is left out, as the
 * application leaves it out (no user store, only keys). The {@code sandbox} profile is on, as
 * in {@code support.IntegrationTest}: without it the start insists on live 8x8 settings this slice never uses.
 */
@Order(1)
@WebMvcTest(controllers = {VoiceMessageController.class, BroadcastIntakeController.class},
        excludeAutoConfiguration = UserDetailsServiceAutoConfiguration.class)
@Import({ApiKeySecurityTestConfiguration.class, StrictJsonTestConfiguration.class, ProblemResponses.class,
        ClientNumbers.class})
// How a client's numbers are read (its default region) is the controller's too, for the list's destination filter.
@EnableConfigurationProperties(ClientPolicies.class)
@ActiveProfiles(SandboxProfile.NAME)
class VoiceMessageControllerTest {

    private static final String KEY = "X-API-Key";
    private static final String ALPHA_KEY = "alpha-key";
    private static final String OPS_KEY = "ops-key";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    VoiceMessageService service;

    @MockitoBean
    FailedSignIns failedSignIns;

    @MockitoBean
    com.example.voicegateway.message.BroadcastRegistry broadcasts;

    /** POST /broadcasts' intake: how an upload's parts are read is this slice's, the rows' rules are not. */
    @MockitoBean
    BroadcastIntake broadcastIntake;

    private static String json(String fields) {
        return "{" + fields + "}";
    }

    private static String textMessage(String extra) {
        return json("\"destination\":\"+6591234567\",\"text\":\"Hello\"" + (extra.isEmpty() ? "" : "," + extra));
    }

    private MvcTestResult post(String body) {
        return mvc.post().uri("/voice-messages").header(KEY, ALPHA_KEY).contentType(MediaType.APPLICATION_JSON)
                .content(body).exchange();
    }

    /** The query exactly as written, percent-encoding included (a URI template would encode its % again). */
    private MvcTestResult list(String query) {
        return mvc.get().uri(URI.create("/voice-messages?" + query)).header(KEY, ALPHA_KEY).exchange();
    }

    private static void isProblem(MvcTestResult answer, int status) {
        assertThat(answer).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer).bodyJson().extractingPath("$.status").asNumber().isEqualTo(status);
        assertThat(answer).bodyJson().extractingPath("$.detail").asString().isNotBlank();
    }

    // --- what reaches intake -----------------------------------------------------------------------------------

    @Test
    void aRequestIsHandedToIntakeWithItsCallerAndKeyAndAnswered202() {
        NewMessage stored = new NewMessage(UUID.fromString("0195f0a4-8c00-7000-8000-000000000001"), "alpha", "key-1",
                null, "+6591234567", "+6568880000", "Hello", null, "en-US-Neural2-C", 1, BigDecimal.ONE,
                NOW.plus(Duration.ofHours(1)), null, NOW, new RedialPlan(1, Duration.ofMinutes(5), Set.of(), List.of()),
                null, null, new ScheduleResolver.Schedule(null, NOW.plus(Duration.ofHours(1)), Priority.NORMAL, null,
                        NOW, null), null, null);
        given(service.accept(any(), any(), any())).willReturn(new VoiceMessageService.Accepted(
                VoiceMessageView.ofNew(stored), false, Map.of("RateLimit", "\"per-minute\";r=2;t=50")));

        MvcTestResult answer = mvc.post().uri("/voice-messages").header(KEY, ALPHA_KEY).header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON).content(textMessage("")).exchange();

        assertThat(answer).hasStatus(202).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .hasHeader("Location", "/voice-messages/0195f0a4-8c00-7000-8000-000000000001")
                .hasHeader("Idempotent-Replayed", "false")
                .hasHeader("RateLimit", "\"per-minute\";r=2;t=50");
        assertThat(answer).bodyJson().extractingPath("$.status").asString().isEqualTo("QUEUED");
        ArgumentCaptor<VoiceMessageRequest> request = ArgumentCaptor.forClass(VoiceMessageRequest.class);
        then(service).should().accept(request.capture(), eq(new Caller("alpha", true, false)), eq("key-1"));
        assertThat(request.getValue().destination()).isEqualTo("+6591234567");
        assertThat(request.getValue().text()).isEqualTo("Hello");
    }

    @Test
    void intakesRefusalIsA400ListingEveryFieldInWords() {
        given(service.accept(any(), any(), any())).willThrow(new InvalidRequestException(List.of(
                new FieldViolation("destination", "must be a possible phone number in E.164"),
                new FieldViolation("repetition", "must be 1, 2 or 3"))));

        MvcTestResult answer = post(textMessage("\"repetition\":9"));

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.title").asString().isEqualTo("Invalid request");
        assertThat(answer).bodyJson().extractingPath("$.detail").asString()
                .isEqualTo("destination must be a possible phone number in E.164; repetition must be 1, 2 or 3");
        assertThat(answer).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("destination", "repetition");
    }

    // --- bodies the strict JSON reading refuses before intake ---------------------------------------------------

    static Stream<Arguments> refusedWhileReading() {
        return Stream.of(
                Arguments.of("repetition as string", textMessage("\"repetition\":\"2\""), "repetition"),
                Arguments.of("repetition fractional", textMessage("\"repetition\":1.5"), "repetition"),
                Arguments.of("speed as string", textMessage("\"speed\":\"1\""), "speed"),
                Arguments.of("validUntil not a date", textMessage("\"validUntil\":\"tomorrow\""), "validUntil"),
                Arguments.of("validUntil as number", textMessage("\"validUntil\":1764086400"), "validUntil"),
                Arguments.of("text as number", json("\"destination\":\"+6591234567\",\"text\":42"), "text"),
                Arguments.of("destination as number", json("\"destination\":6591234567,\"text\":\"Hi\""), "destination"),
                Arguments.of("unknown field", textMessage("\"destinaton\":\"+6591234567\""), "destinaton"),
                Arguments.of("redial maxCalls as string", textMessage("\"redial\":{\"maxCalls\":\"3\"}"), "redial.maxCalls"),
                Arguments.of("redial maxCalls beyond any int", textMessage("\"redial\":{\"maxCalls\":99999999999}"),
                        "redial.maxCalls"),
                Arguments.of("repetition below any int", textMessage("\"repetition\":-99999999999"), "repetition"),
                Arguments.of("acknowledge tries beyond any long", textMessage(
                        "\"acknowledge\":{\"digit\":\"1\",\"tries\":99999999999999999999999}"), "acknowledge.tries"),
                Arguments.of("redial unknown member", textMessage("\"redial\":{\"maxCall\":3}"), "redial.maxCall"),
                Arguments.of("redial not an object", textMessage("\"redial\":3"), "redial"),
                Arguments.of("typo in a known field's case", textMessage("\"Text\":\"Hi\""), "Text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedWhileReading(String name, String body, String field) {
        MvcTestResult answer = post(body);

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void aNumberTooLargeForItsFieldIsNamedLikeAnyOtherBadField() {
        MvcTestResult answer = post(textMessage("\"redial\":{\"maxCalls\":99999999999}"));

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.title").asString().isEqualTo("Invalid request");
        assertThat(answer).bodyJson().extractingPath("$.errors").asArray().singleElement()
                .isEqualTo(Map.of("field", "redial.maxCalls", "message", "is a number out of range for this field"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"text\": \"a\\u0000b\"                                            | text",
            "\"text\": \"Hi\", \"clientReference\": \"\\u0000\"                 | clientReference",
            "\"text\": \"Hi\", \"voiceProfile\": \"en-US\\u0000\"               | voiceProfile",
            "\"text\": \"Hi\", \"source\": \"+6568880000\\u0000\"               | source",
            "\"text\": \"Hi\", \"callbackUrl\": \"https://a.example/\\u0000\"   | callbackUrl",
            "\"text\": \"Hi\", \"fallbackDestinations\": [\"+6598765432\\u0000\"] | fallbackDestinations[0]",
            "\"text\": \"Hi\", \"redial\": {\"maxCalls\": 2, \"interval\": \"PT5M\\u0000\"} | redial.interval",
            "\"text\": \"Hi\", \"acknowledge\": {\"digit\": \"1\", \"thanks\": \"x\\u0000\"} | acknowledge.thanks"})
    void aNulInAnyJsonStringIsRefusedByTheSameRuleNamingItsPath(String fields, String path) {
        MvcTestResult answer = post("{\"destination\": \"+6591234567\", " + fields + "}");

        assertThat(answer).hasStatus(400);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo(path);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].message").asString()
                .isEqualTo("must not contain NUL (U+0000)");
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void emptyMalformedAndNonObjectBodiesAre400() {
        assertThat(post("")).hasStatus(400);
        assertThat(post("[]")).hasStatus(400);
        MvcTestResult malformed = post("{\"destination\":");
        isProblem(malformed, 400);
        assertThat(malformed).bodyJson().extractingPath("$.detail").asString().contains("not valid JSON");
        assertThat(post(textMessage("") + "{}")).hasStatus(400);
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void aWrongFieldTypeIsA400ThatShowsNoInternals() {
        MvcTestResult answer = post("{\"destination\":[1,2,3],\"text\":\"x\"}");

        assertThat(answer).hasStatus(400);
        assertThat(answer).bodyText().doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void notJsonIs415() {
        MvcTestResult answer = mvc.post().uri("/voice-messages").header(KEY, ALPHA_KEY)
                .contentType(MediaType.TEXT_PLAIN).content("hello").exchange();

        isProblem(answer, 415);
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void missingKeyIs401ProblemAndStoresNothing() {
        MvcTestResult answer = mvc.post().uri("/voice-messages").contentType(MediaType.APPLICATION_JSON)
                .content(textMessage("")).exchange();

        isProblem(answer, 401);
        assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains("X-API-Key");
        assertThat(answer.getResponse().getHeader("WWW-Authenticate")).contains("X-API-Key");
        then(service).shouldHaveNoInteractions();
    }

    // --- the list's and the path's parameters ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"size=101", "size=0", "page=-1", "page=2147483647&size=100", "status=DELIVERED",
            // Exact names only, as in JSON: no trimming, no other case, no ordinal.
            "status=%20QUEUED", "status=QUEUED%20", "priority=%20HIGH", "priority=high", "priority=0",
            "waitingFor=RATE_LIMIT%09",
            "destination=abc", "clientReference=%00", "createdFrom=yesterday",
            "createdFrom=2026-01-02T00:00:00Z&createdTo=2026-01-01T00:00:00Z"})
    void badListParametersAre400Problems(String query) {
        isProblem(list(query), 400);
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void aClientReferenceLongerThan100IsRefused() {
        MvcTestResult answer = list("clientReference=" + "r".repeat(101));

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("clientReference");
        then(service).shouldHaveNoInteractions();
    }

    @Test
    void theListGetsTheDestinationInE164AndTheCallersPage() {
        given(service.list(any(), any(), any())).willReturn(new VoiceMessagePage(List.of(), 2, 10, 0, 0));

        MvcTestResult answer = mvc.get().uri(URI.create("/voice-messages?destination=%2B6591230001&page=2&size=10"))
                .header(KEY, OPS_KEY).exchange();

        assertThat(answer).hasStatusOk();
        ArgumentCaptor<VoiceMessageService.ListFilter> filter = ArgumentCaptor.forClass(VoiceMessageService.ListFilter.class);
        then(service).should().list(filter.capture(), eq(new Caller("ops", false, true)), eq(new PageQuery(2, 10)));
        assertThat(filter.getValue().destination()).isEqualTo("+6591230001");
    }

    @Test
    void aMalformedIdIs400NamingIt() {
        MvcTestResult answer = mvc.get().uri("/voice-messages/not-a-uuid").header(KEY, ALPHA_KEY).exchange();

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("id");
        then(service).shouldHaveNoInteractions();
    }

    // --- POST /broadcasts as a file upload: how its parts are read ---------------------------------------------

    private static MockPart part(String name, String filename, MediaType type, String content) {
        MockPart part = new MockPart(name, filename, content.getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            part.getHeaders().setContentType(type);
        }
        return part;
    }

    private static MockPart csv(String content) {
        return part("recipients", "people.csv", MediaType.parseMediaType("text/csv"), content);
    }

    private MvcTestResult upload(MockPart... parts) {
        return mvc.post().uri("/broadcasts").header(KEY, ALPHA_KEY).header("Idempotency-Key", "closure-1")
                .multipart().part(parts).exchange();
    }

    @Test
    void anUploadsPartsReachIntakeAsSentWithTheCallerAndKey() throws IOException {
        UUID id = UUID.fromString("0195f0a4-8c00-7000-8000-000000000002");
        List<String> read = new java.util.ArrayList<>();
        given(broadcastIntake.acceptFile(any(), any(), any(), any(), any())).willAnswer(call -> {
            read.add(new String(call.<InputStream>getArgument(2).readAllBytes(), StandardCharsets.UTF_8));
            return new BroadcastIntake.Outcome(new BroadcastAccepted(id, 1, 0, List.of()), false, Map.of());
        });

        MvcTestResult answer = upload(part("broadcast", null, MediaType.APPLICATION_JSON, "{\"text\": \"Closed.\"}"),
                csv("destination\n+6591234567\n"));

        assertThat(answer).hasStatus(202).hasHeader("Location", "/broadcasts/" + id);
        ArgumentCaptor<BroadcastRequest> shared = ArgumentCaptor.forClass(BroadcastRequest.class);
        then(broadcastIntake).should().acceptFile(shared.capture(), eq("text/csv"), any(), eq("alpha"),
                eq("closure-1"));
        assertThat(shared.getValue().text()).isEqualTo("Closed.");
        assertThat(read).containsExactly("destination\n+6591234567\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"text\": \"Closed.\", \"repetiton\": 2}         | repetiton",
            "{\"text\": \"Closed.\", \"repetition\": \"2\"}      | repetition",
            "{\"text\": \"a\\u0000b\"}                         | text"})
    void theBroadcastPartIsReadAsStrictlyAsTheJsonForm(String json, String field) {
        MvcTestResult answer = upload(part("broadcast", "shared.json", MediaType.APPLICATION_JSON, json),
                csv("destination\n+6591234567\n"));

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo(field);
        then(broadcastIntake).shouldHaveNoInteractions();
    }

    @Test
    void aBroadcastPartOfAnotherTypeIsA400NamingThePart() {
        MvcTestResult answer = upload(part("broadcast", "shared.json", MediaType.APPLICATION_OCTET_STREAM,
                "{\"text\": \"Closed.\"}"), csv("destination\n+6591234567\n"));

        isProblem(answer, 400);
        assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("broadcast");
        assertThat(answer).bodyJson().extractingPath("$.errors[0].message").asString()
                .contains("application/json", "application/octet-stream", "type=application/json");
        then(broadcastIntake).shouldHaveNoInteractions();
    }

    @Test
    void multipartAnywhereButPostBroadcastsIs415AndReachesNoController() {
        MvcTestResult answer = mvc.post().uri("/voice-messages").header(KEY, ALPHA_KEY).multipart()
                .part(part("broadcast", null, MediaType.APPLICATION_JSON, textMessage(""))).exchange();

        isProblem(answer, 415);
        assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains("Only POST /broadcasts");
        then(service).shouldHaveNoInteractions();
    }
}
