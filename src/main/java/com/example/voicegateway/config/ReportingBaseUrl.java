package com.example.voicegateway.config;

import java.net.URI;

/**
 * Where 8x8's Reporting API (the log export) is, asked at every request: {@code gateway.eightbyeight.reporting-base-url}
 * when set, otherwise the sandbox's emulator while it stands in for 8x8, otherwise https://voice.wavecell.com.
 */
public interface ReportingBaseUrl {

    URI get();
}
