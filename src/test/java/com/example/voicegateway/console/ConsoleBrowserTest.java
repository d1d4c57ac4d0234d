package com.example.voicegateway.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console as an operator uses it, in the machine's Chromium (installed by {@code .ci/run}, never downloaded):
 * sign in, search, read a story, cancel, and the refusals that protect it.
 */
class ConsoleBrowserTest extends EndToEndTest {

    private static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

    private static Playwright playwright;
    private static Browser browser;
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

    private String send(String destination, String extraJson) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + destination
                + "\",\"text\":\"Your parcel arrives tomorrow.\",\"clientReference\":\"parcel-7\"" + extraJson + "}");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/voice-messages/" + id, OPS_KEY).json().get("status").asString(), status::equals);
    }

    @Test
    void aClientKeyCannotSignInAndAnOpsKeyCanThenSignOut() {
        signIn(ALPHA_KEY);
        assertThat(page).hasURL(url("/console/login?error"));
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("That is not an ops key.");

        page.getByLabel("Ops key").fill(OPS_KEY);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(url("/console"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Find a message"))).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(url("/console/login?logout"));
        page.navigate(url("/console/now"));
        assertThat(page).hasURL(url("/console/login"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        signIn(OPS_KEY);
        assertThat(page).hasURL(url("/console"));

        var cookie = context.cookies().stream().filter(c -> c.name.equals("JSESSIONID")).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite.name()).isEqualTo("STRICT");
    }

    @Test
    void anOperatorFindsAMessageByTheNumberAsTypedAndReadsItsStory() throws Exception {
        String id = send("+6591234567", "");
        awaitStatus(id, "COMPLETED");
        String rejected = send("+6591234567", ",\"voiceProfile\":\"xx-Unknown\"");
        awaitStatus(rejected, "REJECTED");

        signIn(OPS_KEY);
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
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story.png")).setFullPage(true));

        page.navigate(url("/console/messages/" + rejected));
        assertThat(page.locator("ol.timeline")).containsText("8x8 does not know the voice profile (-1002)");
    }

    @Test
    void aRedialIsToldCallByCall() {
        // The sandbox's ...08 does not answer the first call and answers the second.
        String id = send("+6591234508", ",\"redial\":{\"maxCalls\":2,\"interval\":\"PT0.2S\"}");
        awaitStatus(id, "COMPLETED");
        signIn(OPS_KEY);
        page.navigate(url("/console/messages/" + id));

        var timeline = page.locator("ol.timeline");
        assertThat(timeline).containsText("Call 1 to +6591234508 (first call)");
        assertThat(timeline).containsText("Call 1 ended: NO_ANSWER");
        assertThat(timeline).containsText("Call 2 to +6591234508 (redial)");
        assertThat(timeline).containsText("Call 2 ended: COMPLETED");
        assertThat(timeline.locator("li").last()).containsText("Final status: COMPLETED");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("story-redial.png")).setFullPage(true));
    }

    @Test
    void anAcknowledgementShowsTheKeyThePersonPressed() {
        // The sandbox's ...05 answers and presses the expected digit.
        String id = send("+6591234505", ",\"acknowledge\":{\"digit\":\"1\"}");
        awaitStatus(id, "ACKNOWLEDGED");
        signIn(OPS_KEY);
        page.navigate(url("/console/messages/" + id));

        assertThat(page.locator(".headline")).containsText("a person pressed the confirmation key");
        assertThat(page.locator("ol.timeline")).containsText("Call 1: pressed 1 (expected 1)");
        assertThat(page.locator("ol.timeline li").last()).containsText("Final status: ACKNOWLEDGED");
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

        signIn(OPS_KEY);
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
    void anOperatorCancelsAQueuedMessageAfterConfirmingAndAFormWithoutTheCsrfTokenIsRefused() {
        // The emulator refuses every callflow for now (no call placed): the message waits QUEUED for its retry.
        assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"failNext\":1000,\"failStatus\":503}").status())
                .isEqualTo(200);
        try {
            String id = send("+6591234599", "");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var view = get("/voice-messages/" + id, OPS_KEY).json();
                return view.get("status").asString().equals("QUEUED") && !view.get("attempts").isEmpty();
            });
            signIn(OPS_KEY);
            page.navigate(url("/console/messages/" + id));

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
        }
    }

    @Test
    void theNowPageShowsTheDispatcherAndTheLastDayAndFitsAPhone() {
        String id = send("+6591234567", "");
        awaitStatus(id, "COMPLETED");
        signIn(OPS_KEY);
        page.navigate(url("/console/now"));

        assertThat(page.locator(".tiles")).containsText("8x8 circuit breaker");
        assertThat(page.locator(".tiles")).containsText("CLOSED");
        assertThat(page.locator("svg.chart rect")).not().hasCount(0);
        assertThat(page.locator("svg.chart rect title").first()).containsText("reached");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("now.png")).setFullPage(true));

        page.setViewportSize(390, 844);
        page.reload();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).isEqualTo(false);
        page.navigate(url("/console?destination=4567"));
        assertThat((Object) page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")).isEqualTo(false);
    }

    @Test
    void everyControlHasAnAccessibleNameAndTheSearchWorksFromTheKeyboard() {
        signIn(OPS_KEY);
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
