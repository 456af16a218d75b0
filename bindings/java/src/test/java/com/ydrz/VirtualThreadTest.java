package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Java 21 and later: blocking validations on virtual threads park while their request is in flight instead
 * of pinning their carrier thread. Many more calls than carriers run at once against a sandbox that delays its
 * answers, so they all finish in about one delay; a call that blocked its carrier (as a JNI call doing its own
 * HTTP does) would let only as many calls as carriers progress at a time. JFR's jdk.VirtualThreadPinned events,
 * recorded in-process, must be none.
 */
class VirtualThreadTest extends WithSandbox {
    private static final long DELAY_MS = 500;

    @TempDir
    Path dir;

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, called reflectively: the binding targets Java 11. */
    private static ExecutorService virtualThreads() throws Exception {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    @Test
    void blockingValidationsOnVirtualThreadsNeverPin() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        int calls = 8 * carriers;
        List<JsonObject> tokens = new ArrayList<>();
        for (int i = 0; i < calls + 1; i++) {
            tokens.add(sandbox.token("app_login", PHONE));
        }
        sandbox.control("/faults", json("{\"kind\":\"delay\",\"delay_ms\":" + DELAY_MS + ",\"count\":" + (calls + 1)
                + "}"));
        try (Client client = sandbox.client(); Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(10)).withStackTrace();
            recording.start();
            ExecutorService threads = virtualThreads();
            // One call first, so that class loading and the HttpClient's start do not count.
            assertEquals(PHONE, threads.submit(() -> client.appLoginValidate(value(tokens.get(calls)))).get()
                    .phone());
            long start = System.nanoTime();
            List<Future<Validation>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String token = value(tokens.get(i));
                results.add(threads.submit(() -> client.appLoginValidate(token)));
            }
            for (Future<Validation> result : results) {
                assertEquals(PHONE, result.get(60, TimeUnit.SECONDS).phone());
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            threads.shutdown();
            recording.stop();
            Path file = dir.resolve("pinned.jfr");
            recording.dump(file);
            List<RecordedEvent> pinned = RecordingFile.readAllEvents(file);
            assertTrue(pinned.isEmpty(), "virtual threads pinned: " + pinned);
            // Pinned carriers would need calls / carriers = 8 delays; parked virtual threads need about one.
            assertTrue(elapsedMs < 4 * DELAY_MS, calls + " calls on " + carriers + " carriers took " + elapsedMs
                    + " ms, more than 4 delays of " + DELAY_MS + " ms: the calls blocked their carriers");
        }
    }
}
