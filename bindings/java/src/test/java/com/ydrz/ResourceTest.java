package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Native handles: deterministic close, closed use, close during use, the Cleaner safety net. */
class ResourceTest {
    /** A resource whose "free" only counts, to observe when and how often the handle is released. */
    private static final class Counted extends NativeResource {
        Counted(AtomicInteger frees) {
            super(42L, address -> {
                assertEquals(42L, address);
                frees.incrementAndGet();
            });
        }
    }

    @Test
    void closeIsIdempotentAndClosedUseIsAClearError() {
        PrivateKey key = PrivateKey.load(Vectors.privateKey("customer_1024"));
        PublicKey pub = PublicKey.load(Vectors.publicKey("customer_1024"));
        Client client = Client.create("{\"app_id\":\"1\",\"app_key\":\"" + Vectors.fixed("appkey") + "\"}");
        assertFalse(key.isClosed());
        for (int i = 0; i < 3; i++) {
            key.close();
            pub.close();
            client.close();
        }
        assertTrue(key.isClosed() && pub.isClosed() && client.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, key::publicKeySpki);
        assertTrue(e.getMessage().contains("PrivateKey is closed"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Ydrz.rsaSign(key, "x", SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
        assertThrows(IllegalStateException.class, () -> Ydrz.rsaEncrypt(pub, "x"));
        assertThrows(IllegalStateException.class, client::jssdkParams);
        assertThrows(IllegalStateException.class, () -> client.onekeyValidate("t", "u"));
    }

    @Test
    void freedExactlyOnceAfterClose() {
        AtomicInteger frees = new AtomicInteger();
        Counted r = new Counted(frees);
        assertEquals("in", r.call(h -> "in"));
        assertEquals(0, frees.get());
        r.close();
        r.close();
        assertEquals(1, frees.get());
    }

    @Test
    void closeDuringACallFreesWhenTheCallEnds() throws Exception {
        AtomicInteger frees = new AtomicInteger();
        Counted r = new Counted(frees);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> running = pool.submit(() -> r.call(h -> {
                inside.countDown();
                await(release);
                return "done";
            }));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            r.close();
            assertEquals(0, frees.get(), "not freed under a running call");
            assertThrows(IllegalStateException.class, () -> r.call(h -> "late"));
            release.countDown();
            assertEquals("done", running.get(10, TimeUnit.SECONDS));
            assertEquals(1, frees.get(), "freed when the call ended");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cleanerFreesAForgottenResource() throws InterruptedException {
        AtomicInteger frees = new AtomicInteger();
        forget(frees);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (frees.get() == 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, frees.get(), "the Cleaner freed the unreachable resource once");
    }

    private static void forget(AtomicInteger frees) {
        new Counted(frees).call(h -> h);
    }

    /** Real keys closed while other threads sign with them: every call succeeds or fails cleanly. */
    @Test
    void closingRealKeysUnderLoadNeverCrashes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                PrivateKey key = PrivateKey.load(Vectors.privateKey("customer_1024"));
                AtomicInteger signed = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            try {
                                Ydrz.rsaSign(key, "x" + i, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64);
                                signed.incrementAndGet();
                            } catch (IllegalStateException closed) {
                                refused.incrementAndGet();
                            }
                        }
                    }));
                }
                Thread.sleep(2);
                key.close();
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(200, signed.get() + refused.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
