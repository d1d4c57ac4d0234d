package com.example.voicegateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.IpRanges;
import com.example.voicegateway.config.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class WebhookGuardTest {

    static final String SECRET = "Basic dXNlcjpwYXNzd29yZA==";

    @Test
    void onlyTheExactAuthorizationValueGetsIn() {
        WebhookGuard guard = guard(SECRET, List.of(), List.of());

        assertThat(guard.check(request("10.0.0.1", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(guard.check(request("10.0.0.1", null))).isEqualTo(WebhookGuard.Verdict.MISSING_AUTHORIZATION);
        assertThat(guard.check(request("10.0.0.1", SECRET + " "))).isEqualTo(WebhookGuard.Verdict.WRONG_AUTHORIZATION);
        assertThat(guard.check(request("10.0.0.1", "basic dXNlcjpwYXNzd29yZA=="))).isEqualTo(WebhookGuard.Verdict.WRONG_AUTHORIZATION);
    }

    @Test
    void withoutAConfiguredValueNothingGetsIn() {
        WebhookGuard guard = guard(null, List.of(), List.of());

        assertThat(guard.check(request("10.0.0.1", "anything"))).isEqualTo(WebhookGuard.Verdict.WRONG_AUTHORIZATION);
    }

    @Test
    void allowedIpsAreEnforcedOnlyWhenSet() {
        WebhookGuard open = guard(SECRET, List.of(), List.of());
        WebhookGuard closed = guard(SECRET, List.of("18.140.80.2", "52.220.253.0/24", "2001:db8::/32"), List.of());

        assertThat(open.check(request("203.0.113.9", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(closed.check(request("203.0.113.9", SECRET))).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);
        assertThat(closed.check(request("18.140.80.2", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(closed.check(request("52.220.253.234", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(closed.check(request("52.220.254.1", SECRET))).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);
        assertThat(closed.check(request("2001:db8:0:0:0:0:0:7", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(closed.check(request("::ffff:18.140.80.2", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        // The right address does not replace the secret.
        assertThat(closed.check(request("18.140.80.2", null))).isEqualTo(WebhookGuard.Verdict.MISSING_AUTHORIZATION);
    }

    @Test
    void xForwardedForIsBelievedOnlyFromATrustedProxy() {
        WebhookGuard guard = guard(SECRET, List.of("18.140.80.2"), List.of("10.0.0.0/8"));

        MockHttpServletRequest forgedDirect = request("203.0.113.9", SECRET);
        forgedDirect.addHeader("X-Forwarded-For", "18.140.80.2");
        assertThat(guard.check(forgedDirect)).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);

        MockHttpServletRequest viaProxy = request("10.1.2.3", SECRET);
        viaProxy.addHeader("X-Forwarded-For", "18.140.80.2");
        assertThat(guard.check(viaProxy)).isEqualTo(WebhookGuard.Verdict.ALLOWED);

        // A client-supplied first entry is ignored: the proxy appended the real peer last.
        MockHttpServletRequest forgedThroughProxy = request("10.1.2.3", SECRET);
        forgedThroughProxy.addHeader("X-Forwarded-For", "18.140.80.2, 203.0.113.9");
        assertThat(guard.check(forgedThroughProxy)).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);

        MockHttpServletRequest twoProxies = request("10.1.2.3", SECRET);
        twoProxies.addHeader("X-Forwarded-For", "18.140.80.2, 10.9.9.9");
        assertThat(guard.check(twoProxies)).isEqualTo(WebhookGuard.Verdict.ALLOWED);

        MockHttpServletRequest proxyOwnRequest = request("10.1.2.3", SECRET);
        assertThat(guard.check(proxyOwnRequest)).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);
    }

    @Test
    void aBadRangeFailsAtStartUp() {
        assertThatThrownBy(() -> guard(SECRET, List.of("example.com"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example.com");
        assertThatThrownBy(() -> guard(SECRET, List.of("10.0.0.0/33"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIpv4MappedRangeIsAcceptedAndMatchesBothSpellings() {
        WebhookGuard guard = guard(SECRET, List.of("::ffff:10.0.0.0/104"), List.of());

        assertThat(guard.check(request("10.1.2.3", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(guard.check(request("::ffff:10.200.0.1", SECRET))).isEqualTo(WebhookGuard.Verdict.ALLOWED);
        assertThat(guard.check(request("11.0.0.1", SECRET))).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);
        // A range the mapping prefix does not cover stops the start (checked with the other settings).
        assertThat(TestSettings.problems(java.util.Map.of("gateway.webhook.allowed-ips", "::ffff:10.0.0.0/95")))
                .singleElement().asString()
                .contains("gateway.webhook.allowed-ips").contains("::ffff:10.0.0.0/95");
    }

    @Test
    void onlyIpLiteralsAreAddressesAndNothingIsResolved() {
        assertThat(IpRanges.literal("18.140.80.2")).containsExactly(18, 140, 80, 2);
        assertThat(IpRanges.literal("::1")).hasSize(16).endsWith(1);
        assertThat(IpRanges.literal("[2001:db8::7]")).startsWith(0x20, 0x01, 0x0d, (byte) 0xb8).endsWith(0, 7);
        assertThat(IpRanges.literal("2001:db8:0:0:0:0:0:7")).isEqualTo(IpRanges.literal("2001:db8::7"));
        assertThat(IpRanges.literal("::ffff:18.140.80.2")).containsExactly(18, 140, 80, 2);
        assertThat(IpRanges.literal("::")).hasSize(16).containsOnly(0);
        // Not literals: host names (with or without colons), zone ids, out-of-range parts, malformed groups.
        for (String notLiteral : List.of("g:h", "localhost", "example.com", "a:b:c:d:e:f:g:h", "fe80::1%eth0",
                "999.1.1.1", "1.2.3", "1.2.3.4.5", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::1", "1.2.3.4::",
                ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "", " ", "::1.2.3.999")) {
            assertThat(IpRanges.literal(notLiteral)).as(notLiteral).isNull();
        }
    }

    @Test
    void aNonLiteralForwardedByATrustedProxyIsNotAllowed() {
        WebhookGuard guard = guard(SECRET, List.of("0.0.0.0/0", "::/0"), List.of("10.0.0.0/8"));

        MockHttpServletRequest viaProxy = request("10.1.2.3", SECRET);
        viaProxy.addHeader("X-Forwarded-For", "g:h");

        assertThat(guard.clientAddress(viaProxy)).isEqualTo("g:h");
        assertThat(guard.check(viaProxy)).isEqualTo(WebhookGuard.Verdict.ADDRESS_NOT_ALLOWED);
    }

    private static WebhookGuard guard(String authorization, List<String> allowed, List<String> proxies) {
        WebhookProperties webhook = new WebhookProperties(authorization, null, allowed, proxies);
        return new WebhookGuard(webhook, new WebhookAuthorization(webhook));
    }

    private static MockHttpServletRequest request(String peer, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", SessionSummaryController.PATH);
        request.setRemoteAddr(peer);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
