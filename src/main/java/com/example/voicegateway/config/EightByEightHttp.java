package com.example.voicegateway.config;

import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The one way to build a client toward 8x8, for dispatch and for webhook registration alike: Boot's
 * {@link RestClient.Builder} (its observations and customizers), the JDK client on HTTP/1.1, and the
 * {@code gateway.eightbyeight.*} timeouts.
 */
public final class EightByEightHttp {

    private EightByEightHttp() {
    }

    public static RestClient build(RestClient.Builder bootsBuilder, EightByEightProperties settings) {
        // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade on plain http.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(settings.readTimeout());
        return bootsBuilder.requestFactory(factory).build();
    }
}
