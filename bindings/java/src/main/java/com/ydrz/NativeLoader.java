package com.ydrz;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
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
 *   <li>the copy bundled in the jar for this platform, {@code META-INF/native/<platform>/libydrz_jni.so}
 *       ({@code libydrz_jni.dylib} on macOS, {@code ydrz_jni.dll} on Windows; the platform, musl or glibc
 *       on Linux, as {@link Platform} detects it; {@link #bundledResource()}): copied into a new directory that only this user can read (created by
 *       {@link Files#createTempDirectory} under {@value #TMPDIR_PROPERTY}, default {@code java.io.tmpdir}),
 *       loaded, then deleted with its directory;</li>
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
    /** The parent directory of the private directory the bundled library is copied to. */
    static final String TMPDIR_PROPERTY = "ydrz.tmpdir";
    static final String FILE_NAME = System.mapLibraryName("ydrz_jni");

    private NativeLoader() {}

    /**
     * Loads the library and returns where from: its absolute path, or the jar URL of the bundled copy. Called
     * once, by {@link Native}.
     */
    static String load() {
        List<String> tried = new ArrayList<>();
        String explicit = explicitPath();
        if (explicit == null) {
            String bundled = loadBundled(tried);
            if (bundled != null) {
                return bundled;
            }
        }
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
                + " error means the directory is on a noexec mount (for the bundled copy: set -D" + TMPDIR_PROPERTY
                + " to a directory that allows executing).");
    }

    /**
     * Loads the library bundled in the jar for this platform, if there is one; returns where it came from, or
     * null after adding the reason to {@code tried}. The copy and its private directory are deleted once
     * loaded (the mapping stays valid), and also when loading fails.
     */
    private static String loadBundled(List<String> tried) {
        String resource = bundledResource();
        URL url = NativeLoader.class.getResource(resource);
        if (url == null) {
            tried.add("bundled " + resource + ": not in the jar (" + platformHint() + ")");
            return null;
        }
        Path dir = null;
        Path copy = null;
        try {
            dir = createPrivateDirectory(tmpdir());
            copy = dir.resolve(FILE_NAME);
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy);
            }
            System.load(copy.toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            tried.add("bundled " + url + (copy == null ? "" : " copied to " + copy) + ": " + e);
            return null;
        } finally {
            deleteQuietly(copy);
            deleteQuietly(dir);
        }
        checkAbi(Native.abiVersion(), url.toString());
        return url.toString();
    }

    /** The resource name of the bundled library for this JVM's platform, e.g. META-INF/native/linux-x86_64/. */
    static String bundledResource() {
        return "/META-INF/native/" + platform() + "/" + FILE_NAME;
    }

    /** The platform's directory name in the jar, e.g. linux-x86_64 or linux-musl-aarch64 ({@link Platform}). */
    static String platform() {
        return Platform.current();
    }

    private static String platformHint() {
        return "os.name=" + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                + ", platform " + platform() + "; the jar carries linux-x86_64, linux-aarch64, linux-musl-x86_64,"
                + " linux-musl-aarch64, macos-x86_64, macos-aarch64 and windows-x86_64";
    }

    /**
     * A new directory readable, writable and searchable by this user only, with an unpredictable name, under
     * {@code parent} (or the default temporary directory when null).
     */
    static Path createPrivateDirectory(Path parent) throws IOException {
        Path parentDir = parent != null ? parent : Paths.get(System.getProperty("java.io.tmpdir"));
        if (!parentDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Windows: the user's temporary directory is already private to the user.
            return Files.createTempDirectory(parentDir, "ydrz-jni-");
        }
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        return Files.createTempDirectory(parentDir, "ydrz-jni-", ownerOnly);
    }

    private static Path tmpdir() {
        String dir = nonEmpty(System.getProperty(TMPDIR_PROPERTY));
        return dir == null ? null : Paths.get(dir);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for the OS's temporary-file cleanup; the library is loaded (or the error reported) anyway
        }
    }

    /** The system property, else the environment variable naming the library; null when neither is set. */
    private static String explicitPath() {
        String explicit = nonEmpty(System.getProperty(PROPERTY));
        return explicit != null ? explicit : nonEmpty(System.getenv(ENV));
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
        String explicit = explicitPath();
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
