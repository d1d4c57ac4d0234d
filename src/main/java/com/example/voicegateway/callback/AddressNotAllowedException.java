package com.example.voicegateway.callback;

import java.net.UnknownHostException;

/**
 * A callback host resolved only to addresses the client may not reach. An {@link UnknownHostException}, because that
 * is what a {@code DnsResolver} may throw: the HTTP client then connects nowhere. The message, for the log only,
 * names the host and its addresses.
 */
class AddressNotAllowedException extends UnknownHostException {

    AddressNotAllowedException(String message) {
        super(message);
    }
}
