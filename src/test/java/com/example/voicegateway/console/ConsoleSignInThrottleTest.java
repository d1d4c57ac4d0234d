package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The attack on the console's door: 300 wrong keys through the sign-in form, then the right one. After the
 * limit every attempt is a 429 with Retry-After, the right key included, until the bucket has a token again.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleSignInThrottleTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    /** A browser's session: its cookie and the CSRF token of the page it is on. */
    record Browser(String cookie, String csrf) {
    }

    @BeforeEach
    void realTimeAndNoAuditRows() {
        // Whole seconds keep Retry-After exact.
        clock.set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        jdbc.execute("DELETE FROM audit_event");
    }

    @Test
    void threeHundredWrongKeysThenTheRightKeyWaitsOutTheLockoutAndSignsIn() {
        Browser browser = signInPage();
        int wrong = 0;
        int throttled = 0;
        Answer last = null;
        for (int i = 0; i < 300; i++) {
            last = signIn(browser, "wrong-guess-" + i);
            if (last.status() == 302) {
                assertThat(last.header("Location")).endsWith("/console/login?error");
                assertThat(throttled).as("no wrong answer after the first 429").isZero();
                wrong++;
            } else {
                assertThat(last.status()).isEqualTo(429);
                throttled++;
            }
        }
        assertThat(wrong).as("10 failures a minute per address").isEqualTo(10);
        assertThat(throttled).isEqualTo(290);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.header("Retry-After")).as("one token every 6 s").isEqualTo("6");
        assertThat(last.json().get("retryAfterSeconds").asInt()).isEqualTo(6);
        assertThat(last.json().get("detail").asString()).contains("try again in 6 s");

        Answer right = signIn(browser, OPS_KEY);
        assertThat(right.status()).as("the right key, during the lockout").isEqualTo(429);
        clock.advance(Duration.ofSeconds(5));
        assertThat(signIn(browser, OPS_KEY).header("Retry-After")).isEqualTo("1");
        assertThat(auditRows()).as("nothing signed in yet").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        Answer signedIn = signIn(browser, OPS_KEY);

        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/console");
        assertThat(auditRows()).containsExactly("ops console.sign_in SUCCEEDED");
    }

    @Test
    void aSignInAndASignOutAreAuditedUnderTheKeysNameAndARightKeyCostsNoBucket() {
        Browser browser = signInPage();
        Answer signedIn = signIn(browser, OPS_KEY);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/console");
        Browser signedInBrowser = page("/console", session(signedIn));

        HttpRequest signOut = request("/console/logout", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + signedInBrowser.cookie())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(signedInBrowser.csrf()))).build();
        Answer signedOut = send(signOut);

        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("Location")).endsWith("/console/login?logout");
        assertThat(auditRows()).containsExactly("ops console.sign_in SUCCEEDED", "ops console.sign_out SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'console.sign_in'",
                String.class)).startsWith("signed in to the console from ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limit_bucket WHERE id LIKE 'sign-in:%'",
                Long.class)).as("a right key takes no token").isZero();
    }

    @Test
    void aFailedSignInIsLoggedWithoutTheKeyAndIsNotAudited(CapturedOutput output) {
        String key = "Zq8-guessed-Key-4711";
        Answer failed = signIn(signInPage(), key);

        assertThat(failed.status()).isEqualTo(302);
        assertThat(failed.header("Location")).endsWith("/console/login?error");
        String line = output.getAll().lines().filter(l -> l.contains("Failed sign-in (console)"))
                .findFirst().orElseThrow();
        assertThat(line).contains("WARN").contains("a key of 20 characters").contains("on POST /console/login")
                .containsPattern("from (127\\.0\\.0\\.1|0:0:0:0::/64)").containsPattern("prefix tag [0-9a-f]{12}");
        assertThat(output.getAll()).doesNotContain(key).doesNotContain("Zq8-");
        assertThat(auditRows()).as("failures are logged and counted, not audited").isEmpty();
    }

    @Test
    void failedApiKeysCountAgainstTheSameAddressAsTheConsole() {
        for (int i = 0; i < 10; i++) {
            assertThat(get("/voice-messages", "wrong-api-key-" + i).status()).isEqualTo(401);
        }

        Answer right = signIn(signInPage(), OPS_KEY);

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isEqualTo("6");
    }

    private List<String> auditRows() {
        return jdbc.queryForList("SELECT actor || ' ' || action || ' ' || outcome FROM audit_event ORDER BY id",
                String.class);
    }

    private Browser signInPage() {
        return page("/console/login", null);
    }

    /** Opens {@code path} in the session {@code cookie} (a new one when null): the session and the page's token. */
    private Browser page(String path, String cookie) {
        HttpRequest.Builder builder = request(path, null).GET();
        if (cookie != null) {
            builder.header("Cookie", "JSESSIONID=" + cookie);
        }
        Answer page = send(builder.build());
        assertThat(page.status()).as(path).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.raw().body());
        assertThat(csrf.find()).as("a CSRF token on " + path).isTrue();
        String session = session(page);
        return new Browser(session != null ? session : cookie, csrf.group(1));
    }

    private Answer signIn(Browser browser, String key) {
        String form = "_csrf=" + encode(browser.csrf()) + "&key=" + encode(key);
        return send(request("/console/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + browser.cookie())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static String session(Answer answer) {
        Map<String, List<String>> headers = answer.raw().headers().map();
        for (String cookie : headers.getOrDefault("set-cookie", List.of())) {
            Matcher session = SESSION.matcher(cookie);
            if (session.find()) {
                return session.group(1);
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
