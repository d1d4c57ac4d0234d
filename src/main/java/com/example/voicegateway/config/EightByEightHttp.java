package com.example.voicegateway.config;

import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A {@link RestClient} toward 8x8 for the admin calls (webhook registration): Boot's {@link RestClient.Builder}
 * (its observations and customizers) over the same JDK client dispatch uses, on HTTP/1.1, with the
 * {@code gateway.eightbyeight.*} timeouts. Dispatch drives the JDK client directly, because it must know whether a
 * POST's body was requested before a failure.
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
