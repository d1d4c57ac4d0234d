package com.example.voicegateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryErrorsTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), "connection refused"),
                Arguments.of(new HttpHostConnectException("Connect to http://10.0.0.5:5432 failed"), "connection refused"),
                Arguments.of(new SSLHandshakeException("PKIX path building failed"), "TLS handshake failed"),
                Arguments.of(new SSLPeerUnverifiedException("Certificate for <10.0.0.5> doesn't match"),
                        "TLS handshake failed"),
                Arguments.of(new SSLException("Unsupported or unrecognized SSL message"), "TLS failed"),
                Arguments.of(new HttpTimeoutException("request timed out"), "timed out"),
                Arguments.of(new HttpConnectTimeoutException("HTTP connect timed out"), "timed out"),
                Arguments.of(new SocketTimeoutException("Read timed out"), "timed out"),
                Arguments.of(new ConnectTimeoutException("Connect to 10.0.0.5 timed out"), "timed out"),
                Arguments.of(new AddressNotAllowedException("localhost resolves only to 127.0.0.1"), "address not allowed"),
                Arguments.of(new UnknownHostException("hooks.example.invalid"), "host not found"),
                Arguments.of(new NoRouteToHostException("No route to host"), "connection failed"),
                Arguments.of(new NoHttpResponseException("10.0.0.5:6379 failed to respond"), "connection failed"),
                Arguments.of(new EOFException(), "connection failed"),
                Arguments.of(new IOException("https://hooks.example.com/?token=secret"), "connection failed"),
                Arguments.of(new UncheckedIOException(new ConnectException()), "connection refused"),
                Arguments.of(new IllegalArgumentException("port out of range:65536"), "delivery failed"),
                Arguments.of(new NullPointerException(), "delivery failed"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void eachFailureIsSaidInWords(Throwable failure, String words) {
        assertThat(DeliveryErrors.describe(failure)).isEqualTo(words);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void noWordsNameAClassOrQuoteAMessage(Throwable failure, String ignored) {
        String words = DeliveryErrors.describe(failure);
        assertThat(words).doesNotContain("Exception").doesNotContain(failure.getClass().getSimpleName())
                .matches("[a-zA-Z ]+");
        if (failure.getMessage() != null) {
            assertThat(words).doesNotContain(failure.getMessage());
        }
    }
}
