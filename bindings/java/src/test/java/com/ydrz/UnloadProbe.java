package com.ydrz;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by UnloadTest, as an application server redeploying an application: the binding's classes
 * (args[0], a jar or classes directory, with {@code -Dydrz.native.path}) live in a URLClassLoader of their own;
 * a thread signs args[2] with the key args[1] through it, then waits; the loader is dropped and collected (the
 * JVM then unloads libydrz_jni); the thread exits. Prints the signature, "collected" and, if the JVM is still
 * alive a moment later, "survived". Uses the binding only by reflection, so that nothing else holds the loader.
 */
public final class UnloadProbe {
    private UnloadProbe() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch signed = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        WeakReference<ClassLoader> loader = new WeakReference<>(newLoader(args[0]));
        Object[] job = {loader.get(), args[1], args[2]};
        Thread signer = new Thread(() -> {
            try {
                System.out.println("signed " + signOnce(job));
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
                System.exit(5);
            }
            job[0] = null;
            signed.countDown();
            awaitQuietly(exit);
        }, "ydrz-signer");
        signer.start();
        signed.await();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        if (loader.get() != null) {
            System.out.println("the class loader was not collected");
            System.exit(4);
        }
        System.out.println("collected");
        // The JVM unloads the library with a Cleaner once the loader is unreachable: give it time to run.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        exit.countDown();
        signer.join();
        Thread.sleep(500);
        System.out.println("survived");
    }

    private static ClassLoader newLoader(String classes) throws Exception {
        return new URLClassLoader(new URL[] {Paths.get(classes).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    /** Loads the key, signs with MD5withRSA (the preSign signature) and closes the key, all by reflection. */
    private static String signOnce(Object[] job) {
        try {
            ClassLoader classes = (ClassLoader) job[0];
            Class<?> keyClass = Class.forName("com.ydrz.PrivateKey", true, classes);
            Object key = keyClass.getMethod("load", String.class).invoke(null, (String) job[1]);
            try {
                Method presign = Class.forName("com.ydrz.Ydrz", true, classes).getMethod("presignSign", keyClass, String.class);
                return (String) presign.invoke(null, key, (String) job[2]);
            } finally {
                AutoCloseable.class.getMethod("close").invoke(key);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
