package com.ydrz;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 *       verified, loaded, then deleted with its directory. The parent must be safe ({@link #unsafeParent}):
 *       not writable by other users unless sticky, and owned by this user or root; otherwise another user could
 *       swap the directory or the file between the copy and the load. The copy is verified (a regular file of
 *       this user in the directory created, with the resource's SHA-256) just before the load; the JDK loads
 *       only by path ({@link System#load} resolves /proc/self/fd links), so the file cannot be loaded from the
 *       descriptor that verified it;</li>
 *   <li>next to the package: the directory of {@code ydrz.jar} (or of the classes directory), then its
 *       {@code native/} subdirectory;</li>
 *   <li>each directory of {@code java.library.path} (what {@code System.loadLibrary} searches).</li>
 * </ol>
 * Every file is checked first ({@link ElfCheck}): a truncated or foreign-architecture file is refused with a
 * clear reason instead of crashing the JVM. A failure throws {@link UnsatisfiedLinkError} listing every place
 * tried and why each failed.
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
            String problem = ElfCheck.problem(path);
            if (problem != null) {
                tried.add(path + ": " + problem);
                continue;
            }
            try {
                System.load(path.toString());
            } catch (UnsatisfiedLinkError e) {
                if (String.valueOf(e.getMessage()).contains("already loaded in another classloader")) {
                    throw new UnsatisfiedLinkError("ydrz: " + path + " is already loaded by another class loader"
                            + " of this JVM, and a JVM lets one class loader at a time load a given library file."
                            + " Load ydrz.jar in one class loader that the applications share (e.g. the"
                            + " server's common lib directory), or unset " + PROPERTY + " and " + ENV
                            + " so that each class loader loads the copy bundled in ydrz.jar (extracted to a"
                            + " file of its own).");
                }
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
        Path parent = extractionParent();
        Path dir = null;
        Path copy = null;
        try {
            String unsafe = unsafeParent(parent);
            if (unsafe != null) {
                tried.add("bundled " + url + ": not extracted: " + unsafe);
                return null;
            }
            dir = createPrivateDirectory(parent);
            Object dirKey = Files.readAttributes(dir, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS);
            copy = dir.resolve(FILE_NAME);
            byte[] digest;
            try (InputStream in = new DigestInputStream(url.openStream(), sha256());
                    OutputStream out = Files.newOutputStream(copy, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
                digest = ((DigestInputStream) in).getMessageDigest().digest();
            }
            String problem = verifyCopy(dir, dirKey, copy, digest);
            if (problem != null) {
                tried.add("bundled " + url + " copied to " + copy + ": " + problem);
                return null;
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

    /** The directory the bundled library is extracted under: {@value #TMPDIR_PROPERTY}, else java.io.tmpdir. */
    private static Path extractionParent() {
        String dir = nonEmpty(System.getProperty(TMPDIR_PROPERTY));
        return Paths.get(dir != null ? dir : System.getProperty("java.io.tmpdir"));
    }

    /**
     * Why {@code parent} is unsafe to extract into, or null when it is safe: it must not be writable by its group
     * or by others unless it is sticky (as /tmp is), and must belong to this user or to root. Otherwise another
     * user could rename the private directory and put their own library where this one is loaded from.
     */
    static String unsafeParent(Path parent) throws IOException {
        int mode = (Integer) Files.getAttribute(parent, "unix:mode");
        int owner = (Integer) Files.getAttribute(parent, "unix:uid");
        int self = currentUid();
        String advice = "; set -D" + TMPDIR_PROPERTY + " to a directory that only this user can write (or a sticky"
                + " one such as /tmp)";
        if ((mode & 0022) != 0 && (mode & 01000) == 0) {
            return String.format("%s is writable by other users and not sticky (mode %04o), so another user could"
                    + " swap the extracted library before it is loaded%s", parent, mode & 07777, advice);
        }
        if (owner != self && owner != 0) {
            return parent + " belongs to another user (uid " + owner + "), who could swap the extracted library"
                    + " before it is loaded" + advice;
        }
        return null;
    }

    /**
     * Why the extracted {@code copy} must not be loaded, or null: {@code dir} must still be the directory created
     * (same device and inode, this user's, mode 0700, no link), and {@code copy} a regular file of this user with
     * the resource's SHA-256 {@code digest}.
     */
    private static String verifyCopy(Path dir, Object dirKey, Path copy, byte[] digest) throws IOException {
        if (!dirKey.equals(Files.readAttributes(dir, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS))
                || (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != currentUid()
                || ((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777) != 0700) {
            return "the private directory was replaced";
        }
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                || (Integer) Files.getAttribute(copy, "unix:uid", LinkOption.NOFOLLOW_LINKS) != currentUid()) {
            return "the extracted file was replaced";
        }
        MessageDigest check = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(copy, LinkOption.NOFOLLOW_LINKS), check)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!Arrays.equals(digest, check.digest())) {
            return "the extracted file differs from the resource";
        }
        String problem = ElfCheck.problem(copy);
        return problem == null ? null : copy + " is " + problem;
    }

    /** This process's user id (the owner of /proc/self). */
    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
