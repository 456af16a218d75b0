package com.ydrz.spring;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Records each call as the timer {@value #TIMER} with the tags {@code interface} and {@code result} (see
 * {@link YdrzCallObserver#record}): counts, total and maximum time per interface and result code, in the
 * application's {@link MeterRegistry}. The result codes are a bounded set (the platform's catalog and the
 * library's statuses), so the tags do not grow without limit.
 */
public class MicrometerCallObserver implements YdrzCallObserver {
    /** The timer's name. */
    public static final String TIMER = "ydrz.client.requests";

    private final ObjectProvider<MeterRegistry> registry;

    /** The registry is looked up at the first call, after the application's registries exist. */
    public MicrometerCallObserver(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void record(String interfaceName, String result, long nanos) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        Timer.builder(TIMER)
            .description("Calls of the ydrz client to the authentication platform")
            .tag("interface", interfaceName)
            .tag("result", result)
            .register(meters)
            .record(nanos, TimeUnit.NANOSECONDS);
    }
}
