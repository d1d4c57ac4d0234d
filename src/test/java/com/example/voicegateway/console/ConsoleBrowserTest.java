package com.example.voicegateway.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import com.microsoft.playwright.options.RequestOptions;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console as an operator uses it, in the machine's Chromium (installed by {@code .ci/run}, never downloaded):
 * sign in, search, read a story (a canceled message given a summary afterwards, a waiting one, one settled from
 * 8x8's log export), cancel, the Now board and search at phone width, broadcasts, and the refusals that protect it.
 */
class ConsoleBrowserTest extends EndToEndTest {

    private static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

    @Autowired
    CircuitBreakerRegistry breakers;

    private static Playwright playwright;
    private static Browser browser;
    /** The ops key's session cookie once a test signed in with it: the other tests reuse it (see signedIn). */
    private static List<Cookie> opsSession;
    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void startBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // The flags keep a root, network-less machine quiet: no sandbox (root), no background calls home.
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stopBrowser() {
        opsSession = null;
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void newSession() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeSession() {
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String key) {
        page.navigate(url("/console"));
        assertThat(page).hasURL(url("/console/login"));
        page.getByLabel("Ops key").fill(key);
        page.getByLabel("Ops key").press("Enter");
    }

    /**
     * This browser context signed in with the ops key: the first time by the sign-in form, then with that session's
     * cookie (signing in is aClientKeyCannotSignInAndAnOpsKeyCanWithAnHttpOnlySameSiteCookieThenSignOut's test). Where the page is, is the
     * caller's to say.
     */
    private void signedIn() {
        if (opsSession == null) {
            signIn(OPS_KEY);
            assertThat(page).hasURL(url("/console"));
            opsSession = context.cookies();
        } else {
            context.addCookies(opsSession);
        }
    }

    private String send(String destination, String extraJson) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + destination
                + "\",\"text\":\"Your parcel arrives tomorrow.\",\"clientReference\":\"parcel-7\"" + extraJson + "}");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, OPS_KEY).json().get("status").asString(), status::equals);
    }

    /** Every dated entry of the story comes after the one before it, or at the same time. */
    private void assertTimelineInTimeOrder() {
        Object times = page.evaluate("() => [...document.querySelectorAll('ol.timeline time')]"
                + ".map(t => Date.parse(t.getAttribute('datetime')))");
        assertThat((List<?>) times).isNotEmpty();
        List<Double> millis = ((List<?>) times).stream().map(t -> ((Number) t).doubleValue()).toList();
        assertThat(millis).isSorted();
    }

    @Test
    void aClientKeyCannotSignInAndAnOpsKeyCanWithAnHttpOnlySameSiteCookieThenSignOut() {
        signIn(ALPHA_KEY);
        assertThat(page).hasURL(url("/console/login?error"));
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("That is not an ops key.");

        page.getByLabel("Ops key").fill(OPS_KEY);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(url("/console"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Find a message"))).isVisible();
        var cookie = context.cookies().stream().filter(c -> c.name.equals("JSESSIONID")).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite.name()).isEqualTo("STRICT");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(url("/console/login?logout"));
        page.navigate(url("/console/now"));
        assertThat(page).hasURL(url("/console/login"));
    }

    @Test
    void anOperatorFindsAMessageByTheNumberAsTypedAndReadsItsStory() throws Exception {
        String id = send("+6591234567", "");
        String rejected = send("+6591234567", ",\"voiceProfile\":\"xx-Unknown\"");
        awaitStatus(id, "COMPLETED");
        awaitStatus(rejected, "REJECTED");

        signedIn();
        page.navigate(url("/console"));
        page.getByLabel("Destination").fill("+65 9123 4567");
        page.getByLabel("Destination").press("Enter");

        var rows = page.locator("table.results tbody tr");
        assertThat(rows).hasCount(2);
        // Numbers are masked in the list; the operator opens a message to see the whole number.
        assertThat(rows.first()).containsText("+65****4567");
        assertThat(page.locator("table.results")).not().containsText("+6591234567");
        Files.createDirectories(SCREENSHOTS);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search.png")).setFullPage(true));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open message " + id)).click();
        assertThat(page.locator("h1")).containsText(id);
        assertThat(page.locator(".facts")).containsText("+6591234567");
        var timeline = page.locator("ol.timeline");
        assertThat(timeline).containsText("Accepted from alpha");
        assertThat(timeline).containsText("accepted by 8x8");
        assertThat(timeline).containsText("ended: COMPLETED");
        assertThat(timeline).containsText("Final status: COMPLETED");
        assertTimelineInTimeOrder();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story.png")).setFullPage(true));

        page.navigate(url("/console/messages/" + rejected));
        assertThat(page.locator("ol.timeline")).containsText("8x8 does not know the voice profile (-1002)");
    }

    @Test
    void aRedialAndAnAcknowledgementAreToldCallByCall() {
        // The sandbox's ...08 does not answer the first call and answers the second; ...05 answers and presses the
        // expected digit. Both under way at once.
        String redialed = send("+6591234508", ",\"redial\":{\"maxCalls\":2,\"interval\":\"PT0.2S\"}");
        String acknowledged = send("+6591234505", ",\"acknowledge\":{\"digit\":\"1\"}");
        awaitStatus(redialed, "COMPLETED");
        awaitStatus(acknowledged, "ACKNOWLEDGED");
        signedIn();

        page.navigate(url("/console/messages/" + redialed));
        var timeline = page.locator("ol.timeline");
        assertThat(timeline).containsText("Call 1 ended: NO_ANSWER");
        assertThat(timeline).containsText("Call 2 planned: redial to +6591234508");
        assertThat(timeline).containsText("Call 2 ended: COMPLETED");
        assertThat(timeline.locator("li").last()).containsText("Final status: COMPLETED");
        assertTimelineInTimeOrder();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-redial.png")).setFullPage(true));

        page.navigate(url("/console/messages/" + acknowledged));
        assertThat(page.locator(".headline")).containsText("a person pressed the confirmation key");
        assertThat(page.locator("ol.timeline")).containsText("Call 1: pressed 1 (expected 1)");
        // The key press made it final; the call hung up after it, and the story says so in that order.
        assertThat(page.locator("ol.timeline")).containsText("Final status: ACKNOWLEDGED");
        assertTimelineInTimeOrder();
        // Its own call was acknowledged: nothing reads as an error.
        assertThat(page.locator(".facts")).not().containsText("Last error");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-acknowledged.png"))
                .setFullPage(true));
    }

    @Test
    void aFailedCallbackIsShownOnTheNowBoardAndDeliveredAgainAfterConfirming() {
        String id = send("+6591234567", ",\"callbackUrl\":\"http://localhost:" + port + "/not-a-receiver\"");
        awaitStatus(id, "COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/voice-messages/" + id, OPS_KEY).json()
                .path("callbacks").findValuesAsString("status").stream().filter("FAILED"::equals).count() >= 1);

        signedIn();
        page.navigate(url("/console/now"));
        assertThat(page.locator(".tiles")).containsText("Failed callbacks");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open message " + id)).first().click();
        assertThat(page.locator("ol.timeline")).containsText("FAILED");
        assertThat(page.locator("ol.timeline")).containsText("last HTTP status 401");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Deliver again…")).first().click();
        assertThat(page.locator("h1")).hasText("Deliver this callback again?");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, deliver it again")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("queued again");
        assertThat(get("/admin/audit?actor=ops", OPS_KEY).raw().body()).contains("callback.redeliver");
    }

    @Test
    void anOperatorKeepsTheGlobalDoNotCallListReadsAClientsAndEveryChangeIsAudited() {
        long before = jdbc.queryForObject("SELECT COALESCE(max(id), 0) FROM audit_event", Long.class);
        assertThat(post("/suppressions", ALPHA_KEY, "{\"destination\":\"+6591230009\",\"reason\":\"Asked by"
                + " email\"}").status()).isEqualTo(201);
        signIn(OPS_KEY);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Do not call")).click();
        assertThat(page.locator("h1")).hasText("Do-not-call lists");
        assertThat(page.locator("#entries-heading")).hasText("The global list");

        page.getByLabel("Number", new Page.GetByLabelOptions().setExact(true)).last().fill("+65 9123 0008");
        page.getByLabel("Reason").fill("Complained to the regulator");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Added +6591230008 on the global do-not-call list");
        assertThat(page.locator("table.results")).containsText("+6591230008");
        assertThat(page.locator("table.results")).containsText("Complained to the regulator");
        assertThat(post("/voice-messages", BETA_KEY, "{\"destination\":\"+6591230008\",\"text\":\"Hi\"}").json()
                .get("status").asString()).isEqualTo("SUPPRESSED");

        // A bad number is told in words, nothing added.
        page.getByLabel("Number", new Page.GetByLabelOptions().setExact(true)).last().fill("12");
        page.getByLabel("Reason").fill("x");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Number: must");

        // A client's list is read, not changed, here.
        page.locator("#list").selectOption("alpha");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(page.locator("#entries-heading")).hasText("Client alpha's list");
        assertThat(page.locator("table.results")).containsText("+6591230009");
        assertThat(page.locator("table.results")).containsText("the client's to change");

        page.navigate(url("/console/suppressions"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Remove +6591230008 from the global list")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Removed +6591230008");
        assertThat(get("/suppressions", OPS_KEY).json().get("totalElements").asLong()).isZero();
        assertThat(jdbc.queryForList("SELECT actor || ' ' || action || ' ' || outcome FROM audit_event"
                + " WHERE action LIKE 'suppression.%' AND id > ? ORDER BY id", String.class, before)).containsExactly(
                "alpha suppression.add SUCCEEDED", "ops suppression.add SUCCEEDED",
                "ops suppression.remove SUCCEEDED");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("do-not-call.png"))
                .setFullPage(true));
    }

    @Test
    void anOperatorCancelsAQueuedMessageAndASummaryPostedAfterwardsIsToldAsChangingNothing() {
        // The emulator refuses every callflow for now (no call placed): the message waits QUEUED for its retry.
        assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"failNext\":1000,\"failStatus\":503}").status())
                .isEqualTo(200);
        String id;
        try {
            id = send("+6591234599", "");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var view = get("/voice-messages/" + id, OPS_KEY).json();
                return view.get("status").asString().equals("QUEUED") && !view.get("attempts").isEmpty();
            });
            signedIn();
            page.navigate(url("/console/messages/" + id));
            // Why depends on what held it last (a backoff, the breaker, the call rate): StoryTellerTest has the words.
            assertThat(page.locator(".waiting h2")).hasText("Why it waits");
            assertThat(page.locator(".waiting")).containsText("What happens next: Call 1 to +6591234599");

            // Without the form's CSRF token the same POST, with the same session cookie, changes nothing.
            APIResponse forged = context.request().post(url("/console/messages/" + id + "/cancel"),
                    RequestOptions.create().setMaxRedirects(0));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(get("/voice-messages/" + id, OPS_KEY).json().get("status").asString()).isEqualTo("QUEUED");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel this message…")).click();
            assertThat(page.locator("h1")).hasText("Cancel this message?");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, cancel the message")).click();

            assertThat(page.getByRole(AriaRole.STATUS)).containsText("The message was canceled");
            assertThat(page.locator(".headline")).containsText("CANCELED");
            assertThat(get("/voice-messages/" + id, OPS_KEY).json().get("status").asString()).isEqualTo("CANCELED");
        } finally {
            post("/admin/sandbox/faults", OPS_KEY, "{}");
            // The refused tries may have opened the breaker: the next test's messages must not wait for it.
            breakers.circuitBreaker("eightByEight").reset();
        }

        // docs/sandbox.md's walk-through: a session summary posted by hand, as 8x8 would, for the canceled message.
        Answer summary = send(request("/webhooks/8x8/voice-session-summary", null)
                .header("Authorization", "Bearer test-webhook-secret").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"SESSION_SUMMARY\","
                        + "\"payload\":{\"sessionId\":\"by-hand-" + id + "\",\"clientRequestId\":\"" + id
                        + "\",\"sessionStatus\":\"COMPLETED\"}}")).build());
        assertThat(summary.json().get("outcome").asString()).isEqualTo("CONFLICT");

        page.navigate(url("/console/messages/" + id));
        var timeline = page.locator("ol.timeline");
        assertThat(timeline).not().containsText("ended: COMPLETED");
        var late = timeline.locator("li", new Locator.LocatorOptions()
                .setHasText("A session summary saying COMPLETED arrived after the message was canceled"));
        assertThat(late).containsText("it changed nothing");
        assertThat(late).containsText("CONFLICT");
        assertThat(late).containsText("nobody was rung by us");
        assertThat(late).hasClass("warn");
        assertThat(timeline.locator("li", new Locator.LocatorOptions()
                .setHasText("Final status: CANCELED"))).containsText("canceled by ops key “ops”");
        assertThat(page.locator(".waiting")).hasCount(0);
        assertTimelineInTimeOrder();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-canceled-summary.png"))
                .setFullPage(true));
    }

    @Test
    void aWaitingMessageSaysWhyItWaitsAndWhatHappensNext() {
        // The sandbox's ...01 is busy; the fallback number is called 10 minutes later.
        String id = send("+6591234501", ",\"fallbackDestinations\":[\"+6591234567\"],\"redial\":{\"interval\":\"PT10M\"}");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, OPS_KEY).json().path("calls").size() == 2);
        signedIn();
        page.navigate(url("/console/messages/" + id));

        var waiting = page.locator(".waiting");
        assertThat(waiting).containsText("Call 1 ended BUSY, so call 2 (fallback number) to +6591234567 follows after"
                + " the pause of 10 min between calls.");
        assertThat(waiting).containsText("What happens next: Call 2 (fallback number) to +6591234567 at");
        assertThat(waiting).containsText("(in 9 min");
        // The plan is no error.
        assertThat(page.locator(".facts")).not().containsText("Last error");
        assertThat(page.locator("ol.timeline")).containsText("Call 2 planned: fallback number to +6591234567");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-waiting.png")).setFullPage(true));
    }

    @Test
    void aCallSettledFromTheLogExportSaysSoWithItsCost() {
        // The emulator places and answers the call but never posts its summary: only the log export can settle it.
        empty("reconcile_export");
        assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"dropSummaries\":1}").status()).isEqualTo(200);
        String id;
        try {
            id = send("+6591234567", ",\"validUntil\":\"" + clock.instant().plus(Duration.ofMinutes(2))
                    .truncatedTo(ChronoUnit.SECONDS) + "\"");
            awaitStatus(id, "SUBMITTED");
            // Hung up before time moves on, or the emulator would bill the minutes skipped below.
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/admin/sandbox/callflows", OPS_KEY).json()
                    .get("callsOnTheLine").asInt() == 0);
        } finally {
            post("/admin/sandbox/faults", OPS_KEY, "{}");
        }
        // Past the summary's grace after validUntil: the call is due for reconciliation ("reconcile now", as ops).
        clock.advance(Duration.ofMinutes(20));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            assertThat(context.request().post(url("/admin/reconciliations"),
                    RequestOptions.create().setHeader("X-API-Key", OPS_KEY)).status()).isEqualTo(202);
            return get("/voice-messages/" + id, OPS_KEY).json().get("status").asString().equals("COMPLETED");
        });

        signedIn();
        page.navigate(url("/console/messages/" + id));
        var ended = page.locator("ol.timeline li", new Page.LocatorOptions()
                .setHasText("Call 1 ended: COMPLETED, settled from 8x8's log export"));
        assertThat(ended).containsText("no session summary came for it");
        assertThat(ended).containsText("cost 0.0120 USD for 60 billable s");
        assertThat(ended).hasClass("ok");
        assertThat(page.locator(".facts")).containsText("0.0120 USD");
        assertTimelineInTimeOrder();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-reconciled.png"))
                .setFullPage(true));
    }

    @Test
    void theNowPageShowsTheDispatcherAndTheLastDayAndFitsAPhone() {
        String id = send("+6591234567", "");
        awaitStatus(id, "COMPLETED");
        signedIn();
        List<String> refused = new CopyOnWriteArrayList<>();
        page.onResponse(response -> {
            if (response.status() == 401 || response.status() == 403) {
                refused.add(response.status() + " " + response.url());
            }
        });
        page.navigate(url("/console/now"));

        assertThat(page.locator(".tiles")).containsText("8x8 circuit breaker");
        assertThat(page.locator(".tiles")).containsText("CLOSED");
        assertThat(page.locator(".tiles")).containsText("Held back by 8x8's limits");
        assertThat(page.locator("svg.chart rect")).not().hasCount(0);
        assertThat(page.locator("svg.chart rect title").first()).containsText("reached");
        assertThat(page.locator(".y-axis text").last()).hasText("0");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("now.png")).setFullPage(true));

        page.setViewportSize(390, 844);
        page.reload();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).isEqualTo(false);
        // The chart's labels keep a readable size on a phone.
        Object smallest = page.evaluate("""
                () => Math.min(...[...document.querySelectorAll('.x-axis span, .y-axis text')]
                      .filter(e => getComputedStyle(e).visibility !== 'hidden')
                      .map(e => e.getBoundingClientRect().height))""");
        assertThat(((Number) smallest).doubleValue()).isGreaterThanOrEqualTo(11);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("now-phone.png")).setFullPage(true));

        // At phone width every result, and its link into the story, is in view without scrolling sideways.
        page.navigate(url("/console?destination=4567"));
        assertThat((Object) page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")).isEqualTo(false);
        assertThat((Object) page.evaluate("() => [...document.querySelectorAll('.scroll')]"
                + ".some(e => e.scrollWidth > e.clientWidth)")).isEqualTo(false);
        var open = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open message " + id));
        var box = open.boundingBox();
        assertThat(box.x).isGreaterThanOrEqualTo(0);
        assertThat(box.x + box.width).isLessThanOrEqualTo(390);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search-phone.png")).setFullPage(true));
        open.click();
        assertThat(page.locator("h1")).containsText(id);

        // No page asks for anything it is refused, the icon included.
        assertThat(refused).isEmpty();
        assertThat(context.request().get(url("/favicon.ico")).status()).isEqualTo(200);
        String icon = (String) page.evaluate("() => document.querySelector('link[rel=icon]').href");
        assertThat(context.request().get(icon).status()).isEqualTo(200);
    }

    @Test
    void broadcastsShowTheirProgressABroadcastItsChartAndMessagesAtAnyWidthAndOpsCancelOne() {
        // The sandbox's ...01 is busy, ...02 does not answer, ...03 ends in an error, ...08 answers the second call.
        String calling = broadcast(ALPHA_KEY, ",\"redial\":{\"maxCalls\":3,\"interval\":\"PT1M\"}", "staff",
                "+6591234567", "+6591234510", "+6591234511", "+6591234512", "+6591234501", "+6591234502",
                "+6591234503", "+6591234508");
        // First calls: five finish, three wait a minute for their next call.
        awaitBroadcast(calling, 5, 3);
        String later = broadcast(BETA_KEY, ",\"sendAt\":\"" + clock.instant().plus(Duration.ofHours(2))
                .truncatedTo(ChronoUnit.SECONDS) + "\"", "<i>night shift</i>", "+6591234567", "+6591234568",
                "+6591234569");

        signIn(OPS_KEY);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Broadcasts")).click();
        var rows = page.locator("table.broadcasts tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(rows.first()).containsText("beta");
        assertThat(rows.first()).containsText("0 of 3 finished");
        assertThat(rows.first()).containsText("No estimate yet: no call placed so far");
        assertThat(rows.last()).containsText("5 of 8 finished (62 %)");
        // From the pace of the last minutes: five finished since the first call.
        assertThat(rows.last()).containsText("About ");
        assertThat(rows.last().locator("svg.progress")).hasAttribute("aria-label",
                "5 of 8 finished (62 %): 4 reached, 1 failed");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("broadcasts.png")).setFullPage(true));

        // The redials, a minute apart on the gateway's clock: the chart spreads over the minutes they ended in.
        clock.advance(Duration.ofSeconds(61));
        awaitBroadcast(calling, 6, 2);
        clock.advance(Duration.ofSeconds(61));
        awaitBroadcast(calling, 8, 0);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open broadcast " + calling)).click();
        assertThat(page.locator("h1")).containsText(calling);
        assertThat(page.locator(".headline")).containsText("8 of 8 finished (100 %): 5 reached, 2 not reached, 1 failed");
        assertThat(page.locator(".counts")).containsText("NO_ANSWER");
        assertThat(page.locator("#chart-heading")).hasText("Finished messages per minute, by outcome (UTC)");
        // At least: reached and failed in the first calls' minute, reached a minute on, not reached a minute later.
        assertThat(page.locator("svg.chart rect").count()).isGreaterThanOrEqualTo(4);
        assertThat(page.locator("svg.chart rect title").last()).containsText("not reached");
        var messages = page.locator("table.results tbody tr");
        assertThat(messages).hasCount(8);
        assertThat(page.locator("table.results")).containsText("+65****4501");
        assertThat(page.locator("table.results")).not().containsText("+6591234501");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("broadcast.png")).setFullPage(true));

        page.setViewportSize(390, 844);
        page.reload();
        assertThat((Object) page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")).isEqualTo(false);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("broadcast-phone.png")).setFullPage(true));
        page.navigate(url("/console/broadcasts"));
        assertThat((Object) page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")).isEqualTo(false);
        var open = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open broadcast " + later));
        assertThat(open.boundingBox().x + open.boundingBox().width).isLessThanOrEqualTo(390);

        // What came from outside is shown as text, never as markup.
        open.click();
        assertThat(page.locator("table.results").first()).containsText("<i>night shift</i>-0");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel its queued messages…")).click();
        assertThat(page.locator("h1")).hasText("Cancel this broadcast?");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, cancel its queued messages")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("3 queued messages were canceled");
        assertThat(page.locator(".facts")).containsText("by ops key “ops”");
        assertThat(get("/admin/audit?actor=ops", OPS_KEY).raw().body()).contains("broadcast.cancel");
    }

    private String broadcast(String key, String fields, String reference, String... numbers) {
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            rows.add("{\"destination\":\"" + numbers[i] + "\",\"clientReference\":\"" + reference + "-" + i + "\"}");
        }
        Answer accepted = post("/broadcasts", key, "{\"text\":\"The office is closed today.\"" + fields
                + ",\"recipients\":[" + String.join(",", rows) + "]}");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    private void awaitBroadcast(String id, long finished, long queued) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var view = get("/broadcasts/" + id, OPS_KEY).json();
            return view.path("progress").path("finished").asLong() == finished
                    && view.path("byStatus").path("QUEUED").asLong() == queued;
        });
    }

    @Test
    void everyControlHasAnAccessibleNameAndTheSearchWorksFromTheKeyboard() {
        signedIn();
        page.navigate(url("/console"));
        Object unnamed = page.evaluate("""
                () => [...document.querySelectorAll('input, select, button, a')]
                      .filter(e => e.type !== 'hidden')
                      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                      .map(e => e.outerHTML)""");
        assertThat((List<?>) unnamed).isEmpty();

        page.getByLabel("Client reference").focus();
        page.keyboard().type("nothing-like-this");
        page.keyboard().press("Enter");
        assertThat(page.getByText("No message matches.")).isVisible();
    }
}
