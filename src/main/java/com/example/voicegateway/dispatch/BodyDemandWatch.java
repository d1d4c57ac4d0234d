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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK client under dispatch's {@code RestClient}, noting for each callflow whether the client asked for any byte
 * of its body. Until it has, not one byte of the callflow can have been written, so 8x8 cannot have created it,
 * whatever the connection then did: that failure is safe to retry, any later one is an unknown outcome.
 *
 * <p>The proof is one-way ({@link Demand}): when the caller gives up on an exchange before the body was asked for
 * (Spring's read timeout, an interrupt), it seals the body, and a request for its bytes that comes after that is
 * refused, so no byte can leave after the caller concluded "nothing sent".
 *
 * <p>Spring's {@code JdkClientHttpRequest} hands the request to {@link #sendAsync} on the thread that called the
 * {@code RestClient}; that is where the flag of {@link #watching} is picked up, once, and bound to the body.
 *
 * <p>When the {@link Demand} carries the body's bytes (dispatch always has them: the callflow is serialised before
 * the POST), they go to the JDK as a byte-array publisher in place of Spring's, which would copy the same bytes
 * through an output stream written on a thread of its executor: a thread hand-off per call, a third of the HTTP
 * client's CPU in the dispatch benchmark's profile.
 */
final class BodyDemandWatch extends HttpClient {

    private static final ThreadLocal<Demand> CURRENT = new ThreadLocal<>();

    /**
     * One body's fate, decided once: its bytes were asked for ({@link #requested}), or it was sealed first
     * ({@link #seal}) and none will ever be sent.
     */
    static final class Demand {

        private static final int NOT_REQUESTED = 0;
        private static final int REQUESTED = 1;
        private static final int SEALED = 2;

        private final AtomicInteger state = new AtomicInteger(NOT_REQUESTED);
        private final byte[] body;

        /** A body whose bytes Spring writes, as it wrote them. */
        Demand() {
            this(null);
        }

        /** A body that is exactly {@code body}: these bytes are sent, whatever Spring's publisher would write. */
        Demand(byte[] body) {
            this.body = body;
        }

        /** True when the body's bytes may be sent: asked for now or before, never sealed. */
        boolean request() {
            return state.compareAndSet(NOT_REQUESTED, REQUESTED) || state.get() == REQUESTED;
        }

        /** True when no byte was asked for and none ever will be; false when the body was asked for first. */
        boolean seal() {
            return state.compareAndSet(NOT_REQUESTED, SEALED) || state.get() == SEALED;
        }

        /** Whether the client asked for the body's bytes. */
        boolean requested() {
            return state.get() == REQUESTED;
        }
    }

    /** What a request for a sealed body's bytes gets: the JDK fails the exchange instead of sending. */
    static final class SealedBody extends IOException {
        SealedBody() {
            super("the callflow's body was sealed before it was asked for: the exchange was given up, nothing sent");
        }
    }

    private final HttpClient delegate;

    BodyDemandWatch(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** Runs one exchange on this thread; {@code demand} notes when its body is first asked for. */
    static <T> T watching(Demand demand, Supplier<T> exchange) {
        CURRENT.set(demand);
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
        Demand requested = CURRENT.get();
        if (requested == null || request.bodyPublisher().isEmpty()) {
            return request;
        }
        HttpRequest.BodyPublisher body = requested.body == null ? request.bodyPublisher().get()
                : HttpRequest.BodyPublishers.ofByteArray(requested.body);
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .method(request.method(), tracked(body, requested))
                .build();
    }

    /**
     * The body, unchanged, except that the first request for its bytes is noted in {@code demand}; once the body is
     * sealed, a request cancels the body and fails the subscriber instead.
     */
    static HttpRequest.BodyPublisher tracked(HttpRequest.BodyPublisher body, Demand demand) {
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
                            private final AtomicBoolean failed = new AtomicBoolean();

                            @Override
                            public void request(long n) {
                                if (demand.request()) {
                                    subscription.request(n);
                                } else if (failed.compareAndSet(false, true)) {
                                    // Sealed: nothing was asked for upstream, so nothing was or will be emitted.
                                    subscription.cancel();
                                    subscriber.onError(new SealedBody());
                                }
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
