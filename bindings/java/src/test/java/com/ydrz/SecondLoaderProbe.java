package com.ydrz;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by LoaderTest: two applications of one server, each with the binding's classes (args[0])
 * in a class loader of its own and {@code -Dydrz.native.path} set. Prints the version seen through the first,
 * then the loading error of the second.
 */
public final class SecondLoaderProbe {
    /** The loaders made, kept reachable: a collected loader would unload the library. */
    private static final List<ClassLoader> LOADERS = new ArrayList<>();

    private SecondLoaderProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println("first loader: " + version(args[0]));
        try {
            System.out.println("second loader: " + version(args[0]));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.out.println("second loader: " + cause.getMessage());
        }
    }

    private static String version(String classes) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {Paths.get(classes).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        LOADERS.add(loader);
        return (String) Class.forName("com.ydrz.Ydrz", true, loader).getMethod("version").invoke(null);
    }
}
