package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Threads sharing one Client and one PrivateKey get the same results as one thread. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 10;

    /** Runs {@code task(thread)} on {@link #THREADS} threads started together and returns their results. */
    private static <T> List<T> onThreads(TaskFactory<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> body = task.create(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String phone(int thread) {
        return String.format("1380013%04d", thread);
    }

    private interface TaskFactory<T> {
        Callable<T> create(int thread) throws Exception;
    }

    @Test
    void sharedKeySignsIdenticallyOnEveryThread() throws Exception {
        String data = Vectors.fixed("preSign");
        try (PrivateKey key = PrivateKey.load(Vectors.privateKey("customer_2048"))) {
            String expected = Ydrz.rsaSign(key, data, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64);
            List<List<String>> results = onThreads(t -> () -> {
                List<String> signs = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    signs.add(Ydrz.rsaSign(key, data, SignAlgorithm.SHA256_WITH_RSA, Encoding.BASE64));
                }
                return signs;
            });
            for (List<String> signs : results) {
                assertEquals(ROUNDS, signs.size());
                signs.forEach(s -> assertEquals(expected, s));
            }
        }
    }

    @Test
    void sharedClientValidatesEveryThreadsTokens() throws Exception {
        try (Sandbox sandbox = Sandbox.start(); Client client = sandbox.client();
                PrivateKey key = PrivateKey.load(sandbox.demo().get("customer_private_key").getAsString())) {
            String presign = Vectors.fixed("preSign");
            String expectedSign = Ydrz.presignSign(key, presign);
            List<List<String>> results = onThreads(t -> {
                // Each thread gets its own phone and tokens up front, so that only library calls run concurrently.
                String phone = phone(t);
                List<JsonObject> tokens = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    tokens.add(sandbox.token("onekey", phone));
                }
                return () -> {
                    List<String> seen = new ArrayList<>();
                    for (JsonObject token : tokens) {
                        seen.add(client.onekeyValidate(token.get("token").getAsString(),
                                token.get("userInformation").getAsString()).phone());
                        seen.add(client.presignSign(presign));
                        seen.add(Ydrz.presignSign(key, presign));
                    }
                    return seen;
                };
            });
            for (int t = 0; t < THREADS; t++) {
                List<String> seen = results.get(t);
                assertEquals(3 * ROUNDS, seen.size());
                for (int i = 0; i < seen.size(); i += 3) {
                    assertEquals(phone(t), seen.get(i), "thread " + t + " phone");
                    assertEquals(expectedSign, seen.get(i + 1), "thread " + t + " client presign");
                    assertEquals(expectedSign, seen.get(i + 2), "thread " + t + " key presign");
                }
            }
        }
    }
}
