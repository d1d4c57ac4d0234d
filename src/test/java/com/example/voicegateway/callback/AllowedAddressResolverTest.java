package com.example.voicegateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.IpRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

class AllowedAddressResolverTest {

    /** Answers each lookup with the next of its answers, the last one again once they run out. */
    private static DnsResolver answers(String... answers) {
        Deque<String> queue = new ArrayDeque<>(Arrays.asList(answers));
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                String answer = queue.size() > 1 ? queue.poll() : queue.peek();
                InetAddress[] addresses = new InetAddress[answer.split(",").length];
                for (int i = 0; i < addresses.length; i++) {
                    addresses[i] = InetAddress.getByName(answer.split(",")[i]);
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private static AllowedAddressResolver resolver(List<String> allowed, String... answers) {
        return new AllowedAddressResolver(new IpRanges(allowed), answers(answers));
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefused() {
        for (String internal : List.of("127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::5", "0.0.0.0")) {
            assertThatThrownBy(() -> resolver(List.of(), internal).resolve("hooks.example.com"))
                    .as(internal).isInstanceOf(AddressNotAllowedException.class)
                    .hasMessageContaining("hooks.example.com");
        }
    }

    @Test
    void aPublicAddressIsUsed() throws UnknownHostException {
        assertThat(resolver(List.of(), "93.184.216.34").resolve("hooks.example.com"))
                .extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    void anAddressTheOperatorListsIsUsedEvenWhenInternal() throws UnknownHostException {
        assertThat(resolver(List.of("127.0.0.1"), "127.0.0.1").resolve("localhost"))
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(resolver(List.of("10.20.0.0/16"), "10.20.3.4").resolve("hooks.corp.example"))
                .extracting(InetAddress::getHostAddress).containsExactly("10.20.3.4");
        assertThatThrownBy(() -> resolver(List.of("10.20.0.0/16"), "10.21.0.1").resolve("hooks.corp.example"))
                .isInstanceOf(AddressNotAllowedException.class);
    }

    @Test
    void onlyTheAllowedAddressesOfAMixedAnswerAreConnectedTo() throws UnknownHostException {
        assertThat(resolver(List.of(), "127.0.0.1,93.184.216.34,10.0.0.1").resolve("hooks.example.com"))
                .extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    void aNameThatAnswersDifferentlyTheSecondTimeIsJudgedOnTheAnswerUsed() throws UnknownHostException {
        // DNS rebinding: public when a check at intake would have looked, loopback when the connection is made.
        AllowedAddressResolver resolver = resolver(List.of(), "93.184.216.34", "127.0.0.1");
        assertThat(resolver.resolve("rebind.example.com")).hasSize(1);
        assertThatThrownBy(() -> resolver.resolve("rebind.example.com"))
                .isInstanceOf(AddressNotAllowedException.class);
    }

    @Test
    void anIpLiteralIsJudgedLikeAName() {
        // The system resolver hands a literal back as it is: it must pass the same check.
        AllowedAddressResolver resolver = new AllowedAddressResolver(new IpRanges(List.of()),
                org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE);
        for (String literal : List.of("127.0.0.1", "127.1", "2130706433", "[::1]", "::ffff:7f00:1", "169.254.169.254")) {
            assertThatThrownBy(() -> resolver.resolve(literal)).as(literal)
                    .isInstanceOf(AddressNotAllowedException.class);
        }
    }
}
