package com.ydrz;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads {@code libydrz_jni} once, always by absolute path, then checks the ABI version.
 *
 * <p>Search order:
 * <ol>
 *   <li>the system property {@value #PROPERTY}, else the environment variable {@value #ENV}: a file, or a
 *       directory holding the library. When set, nothing else is tried.</li>
 *   <li>next to the package: the directory of {@code ydrz.jar} (or of the classes directory), then its
 *       {@code native/} subdirectory;</li>
 *   <li>each directory of {@code java.library.path} (what {@code System.loadLibrary} searches).</li>
 * </ol>
 * A failure throws {@link UnsatisfiedLinkError} listing every place tried and why each failed.
 */
final class NativeLoader {
    /** The ABI version this binding is written for. */
    static final int ABI_VERSION = 1;
    static final String PROPERTY = "ydrz.native.path";
    static final String ENV = "YDRZ_JNI_LIB";
    static final String FILE_NAME = System.mapLibraryName("ydrz_jni");

    private NativeLoader() {}

    /** Loads the library and returns the absolute path it was loaded from. Called once, by {@link Native}. */
    static String load() {
        List<String> tried = new ArrayList<>();
        for (Path candidate : candidates()) {
            Path path = candidate.toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                tried.add(path + ": not found");
                continue;
            }
            try {
                System.load(path.toString());
            } catch (UnsatisfiedLinkError e) {
                tried.add(path + ": " + e.getMessage());
                continue;
            }
            checkAbi(Native.abiVersion(), path.toString());
            return path.toString();
        }
        throw new UnsatisfiedLinkError("ydrz: cannot load " + FILE_NAME + ". Tried:\n  - " + String.join("\n  - ", tried)
                + "\nSet -D" + PROPERTY + "=/path/to/" + FILE_NAME + " (or the environment variable " + ENV
                + "), or put the library next to ydrz.jar or in its native/ directory. A 'failed to map segment'"
                + " error means the directory is on a noexec mount.");
    }

    /** Refuses a library that implements another ABI than {@link #ABI_VERSION}. */
    static void checkAbi(int found, String path) {
        if (found != ABI_VERSION) {
            throw new UnsatisfiedLinkError("ydrz: " + path + " implements ydrz ABI " + found
                    + ", but this Java binding needs ABI " + ABI_VERSION
                    + "; use the libydrz_jni built from the same release as ydrz.jar");
        }
    }

    /** The places to try, in order (see the class comment). */
    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String explicit = nonEmpty(System.getProperty(PROPERTY));
        if (explicit == null) {
            explicit = nonEmpty(System.getenv(ENV));
        }
        if (explicit != null) {
            Path path = Paths.get(explicit);
            out.add(Files.isDirectory(path) ? path.resolve(FILE_NAME) : path);
            return out;
        }
        Path home = packageDirectory();
        if (home != null) {
            out.add(home.resolve(FILE_NAME));
            out.add(home.resolve("native").resolve(FILE_NAME));
        }
        String libraryPath = System.getProperty("java.library.path", "");
        for (String dir : libraryPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                out.add(Paths.get(dir).resolve(FILE_NAME));
            }
        }
        return out;
    }

    /** The directory holding ydrz.jar, or the classes directory when not packaged; null when unknown. */
    private static Path packageDirectory() {
        CodeSource source = NativeLoader.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Paths.get(source.getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // not a file: URL (e.g. a nested jar); the other places are still tried
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
