package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class SignInAttemptTest {

    @Test
    void anIpv6ClientIsCountedByItsSlash64AndAnIpv4OneByItsAddress() {
        assertThat(SignInAttempt.network("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(SignInAttempt.network("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).isEqualTo("2001:db8:1:2::/64");
        assertThat(SignInAttempt.network("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
        assertThat(SignInAttempt.network("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SignInAttempt.network("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void thePrefixTagHashesAtMostFourCharactersAndNeverMoreThanHalfTheKey() {
        assertThat(SignInAttempt.prefixTag("alpha-key")).isEqualTo(SignInAttempt.prefixTag("alph-anything-else"))
                .matches("[0-9a-f]{12}");
        assertThat(SignInAttempt.prefixTag("abcdefgh")).isNotEqualTo(SignInAttempt.prefixTag("abcxefgh"));
        assertThat(SignInAttempt.prefixTag("abcdef")).as("3 of 6").isEqualTo(SignInAttempt.prefixTag("abcxyz"));
        assertThat(SignInAttempt.prefixTag("x")).isEqualTo(SignInAttempt.prefixTag("y"));
    }

    @Test
    void theAttemptKeepsNoKeyAndAPrintablePath() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/voice-messages/\u001b[31m");
        request.setRemoteAddr("192.0.2.7");

        SignInAttempt attempt = SignInAttempt.of(request, "the-whole-secret-key");

        assertThat(attempt.toString()).doesNotContain("secret").doesNotContain("the-");
        assertThat(attempt.path()).isEqualTo("/voice-messages/?[31m");
        assertThat(attempt.keyLength()).isEqualTo(20);
    }
}
