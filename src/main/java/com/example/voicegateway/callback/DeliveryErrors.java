package com.example.voicegateway.callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What a failed attempt is called in {@code lastError}, which the client reads: a few words, never an exception's
 * name or message (a message may quote the URL, and its token, or an internal address).
 */
final class DeliveryErrors {

    static final String ADDRESS_NOT_ALLOWED = "address not allowed";
    static final String HOST_NOT_FOUND = "host not found";
    static final String CONNECTION_REFUSED = "connection refused";
    static final String TLS_HANDSHAKE_FAILED = "TLS handshake failed";
    static final String TLS_FAILED = "TLS failed";
    static final String TIMED_OUT = "timed out";
    static final String CONNECTION_FAILED = "connection failed";
    static final String DELIVERY_FAILED = "delivery failed";

    private DeliveryErrors() {
    }

    static String describe(Throwable failure) {
        Throwable e = failure instanceof UncheckedIOException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof AddressNotAllowedException) {
            return ADDRESS_NOT_ALLOWED;
        }
        if (e instanceof UnknownHostException) {
            return HOST_NOT_FOUND;
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
            return TLS_HANDSHAKE_FAILED;
        }
        if (e instanceof SSLException) {
            return TLS_FAILED;
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            return TIMED_OUT;
        }
        if (e instanceof ConnectException) {
            return CONNECTION_REFUSED;
        }
        return e instanceof IOException ? CONNECTION_FAILED : DELIVERY_FAILED;
    }
}
