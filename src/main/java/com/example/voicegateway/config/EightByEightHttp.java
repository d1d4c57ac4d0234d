package com.example.voicegateway.config;

import java.net.http.HttpClient;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.web.client.RestClient;

/**
 * A {@link RestClient} toward 8x8 for the admin and reporting calls: Boot's {@link RestClient.Builder} (its
 * observations and customizers) over Boot's JDK request factory, on HTTP/1.1, with the {@code gateway.eightbyeight.*}
 * timeouts, never following a redirect (a download link must not carry our key to another host). Dispatch builds its
 * own on the same JDK client, because it must know whether a POST's body was asked for before a failure.
 */
public final class EightByEightHttp {

    private EightByEightHttp() {
    }

    public static RestClient build(RestClient.Builder bootsBuilder, EightByEightProperties settings) {
        return bootsBuilder.clone()
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade on plain http.
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(HttpClientSettings.defaults()
                                .withTimeouts(settings.connectTimeout(), settings.readTimeout())
                                .withRedirects(HttpRedirects.DONT_FOLLOW)))
                .build();
    }
}
