package com.example.voicegateway.callback;

import static com.example.voicegateway.callback.CallbackTestSupport.HOOK;
import static com.example.voicegateway.callback.CallbackTestSupport.RECEIVER;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.TestSettings;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender connects to the address its lookup checked and to nothing else: {@code receiver.test} exists in no
 * DNS, so a request that arrives at all went to the address the check saw, with the name kept in {@code Host}.
 */
class CallbackSenderTest {

    /** Resolves the made-up name to loopback, where the receiver listens. */
    private static final DnsResolver TEST_DNS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (host.equals("receiver.test")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    private CallbackSender sender;

    @BeforeEach
    void receiverAnswers204() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        Map<String, String> settings = Map.of(
                "gateway.api-keys.alpha", "alpha-key",
                "gateway.api-keys.beta", "beta-key",
                "gateway.clients.alpha.callback-hosts", "receiver.test",
                "gateway.clients.alpha.callback-secret", CallbackTestSupport.SECRET,
                "gateway.clients.beta.callback-hosts", "receiver.test, 127.0.0.0/8",
                "gateway.clients.beta.callback-secret", CallbackTestSupport.SECRET,
                "gateway.callbacks.allow-http", "true");
        sender = new CallbackSender(TestSettings.bind(CallbacksProperties.class, settings),
                TestSettings.bind(ClientPolicies.class, settings), Clock.systemUTC(), TEST_DNS);
    }

    @AfterEach
    void close() {
        sender.destroy();
    }

    private static CallbackStore.Claimed event(String client, String url) {
        return new CallbackStore.Claimed(UUID.randomUUID(), UUID.randomUUID(), "voice_message.canceled", client, url,
                "receiver.test", "{\"type\":\"voice_message.canceled\"}", 1, 0);
    }

    @Test
    void aNameThatResolvesToAnAddressNotAllowedForTheClientIsNeverConnectedTo() {
        CallbackSender.Result result = sender.send(event("alpha", "http://receiver.test:" + RECEIVER.port() + HOOK),
                CallbackTestSupport.SECRET);

        assertThat(result).isEqualTo(CallbackSender.Result.noAnswer("address not allowed"));
        assertThat(CallbackTestSupport.received()).isEmpty();
    }

    @Test
    void whenTheAddressIsAllowedTheRequestGoesToTheCheckedAddressWithTheNameInHost() {
        CallbackSender.Result result = sender.send(event("beta", "http://receiver.test:" + RECEIVER.port() + HOOK),
                CallbackTestSupport.SECRET);

        assertThat(result.delivered()).isTrue();
        List<LoggedRequest> received = CallbackTestSupport.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getHeader("Host")).isEqualTo("receiver.test:" + RECEIVER.port());
        assertThat(received.get(0).getHeader("Content-Type")).isEqualTo("application/json");
        CallbackTestSupport.verified(received.get(0));
    }

    @Test
    void anUnknownNameIsSaidInWords() {
        assertThat(sender.send(event("beta", "http://nowhere.test:" + RECEIVER.port() + HOOK),
                CallbackTestSupport.SECRET).error()).isEqualTo("host not found");
    }
}
