package com.example.voicegateway.dispatch;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK client under dispatch's {@code RestClient}, noting for each callflow whether the client asked for any byte
 * of its body. Until it has, not one byte of the callflow can have been written, so 8x8 cannot have created it,
 * whatever the connection then did: that failure is safe to retry, any later one is an unknown outcome.
 *
 * <p>Spring's {@code JdkClientHttpRequest} hands the request to {@link #sendAsync} on the thread that called the
 * {@code RestClient}; that is where the flag of {@link #watching} is picked up, once, and bound to the body.
 */
final class BodyDemandWatch extends HttpClient {

    private static final ThreadLocal<AtomicBoolean> CURRENT = new ThreadLocal<>();

    private final HttpClient delegate;

    BodyDemandWatch(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** Runs one exchange on this thread; {@code requested} becomes true when its body is first asked for. */
    static <T> T watching(AtomicBoolean requested, Supplier<T> exchange) {
        CURRENT.set(requested);
        try {
            return exchange.get();
        } finally {
            CURRENT.remove();
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(watched(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(watched(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(watched(request), handler, pushPromiseHandler);
    }

    private static HttpRequest watched(HttpRequest request) {
        AtomicBoolean requested = CURRENT.get();
        if (requested == null || request.bodyPublisher().isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .method(request.method(), tracked(request.bodyPublisher().get(), requested))
                .build();
    }

    /** The body, unchanged, except that the first request for its bytes sets {@code requested}. */
    static HttpRequest.BodyPublisher tracked(HttpRequest.BodyPublisher body, AtomicBoolean requested) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                body.subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(new Flow.Subscription() {
                            @Override
                            public void request(long n) {
                                requested.set(true);
                                subscription.request(n);
                            }

                            @Override
                            public void cancel() {
                                subscription.cancel();
                            }
                        });
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
