package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's search order and its error text, each in a fresh JVM (a JVM loads a library only once). */
class LoaderTest {
    private static final Path LIBRARY = Paths.get(Native.LIBRARY_PATH);
    private static final String FILE = NativeLoader.FILE_NAME;

    @TempDir
    Path tmp;

    /** Output and exit code of LoaderProbe in a child JVM. */
    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Path codeLocation(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Runs LoaderProbe with {@code mainClasses} (a classes directory or jar) on the class path, no
     * YDRZ_JNI_LIB unless given in {@code env}, and {@code java.library.path} = {@code libraryPath}.
     */
    private Run probe(Path mainClasses, Path libraryPath, Map<String, String> env, String... jvmArgs)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.library.path=" + libraryPath);
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(mainClasses + File.pathSeparator + codeLocation(LoaderProbe.class));
        command.add(LoaderProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove(NativeLoader.ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        return new Run(p.exitValue(), output);
    }

    private Path emptyDir() throws IOException {
        return Files.createTempDirectory(tmp, "empty");
    }

    private static void assertLoadedFrom(Path expected, Run run) {
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.startsWith("loaded " + expected.toAbsolutePath().normalize() + " version "), run.output);
    }

    @Test
    void explicitPropertyIsUsedAlone() throws Exception {
        Path missing = tmp.resolve("missing").resolve(FILE);
        Run run = probe(codeLocation(Ydrz.class), LIBRARY.getParent(), Map.of(),
                "-D" + NativeLoader.PROPERTY + "=" + missing);
        assertEquals(3, run.exit, run.output);
        assertTrue(run.output.contains(missing + ": not found"), run.output);
        assertFalse(run.output.contains(LIBRARY.getParent().toString()), "no fallback after an explicit path");
        assertTrue(run.output.contains(NativeLoader.PROPERTY) && run.output.contains(NativeLoader.ENV), run.output);
    }

    @Test
    void explicitPropertyMayNameADirectory() throws Exception {
        Run run = probe(codeLocation(Ydrz.class), emptyDir(), Map.of(),
                "-D" + NativeLoader.PROPERTY + "=" + LIBRARY.getParent());
        assertLoadedFrom(LIBRARY, run);
    }

    @Test
    void environmentVariableWhenNoProperty() throws Exception {
        Run run = probe(codeLocation(Ydrz.class), emptyDir(), Map.of(NativeLoader.ENV, LIBRARY.toString()));
        assertLoadedFrom(LIBRARY, run);
    }

    /** A jar of the main classes with the library bundled for this platform, as `make dist-java` builds it. */
    private Path jarWithBundledLibrary() throws Exception {
        Path classes = tmp.resolve("bundled-classes");
        copyTree(codeLocation(Ydrz.class), classes);
        Path lib = classes.resolve(NativeLoader.bundledResource().substring(1));
        Files.createDirectories(lib.getParent());
        Files.copy(LIBRARY, lib);
        Path jar = Files.createDirectories(tmp.resolve("bundled")).resolve("ydrz.jar");
        writeJar(classes, jar);
        return jar;
    }

    @Test
    void bundledLibraryIsCopiedLoadedAndRemoved() throws Exception {
        Path jar = jarWithBundledLibrary();
        Path parent = Files.createDirectories(tmp.resolve("extract"));
        Run run = probe(jar, emptyDir(), Map.of(), "-D" + NativeLoader.TMPDIR_PROPERTY + "=" + parent);
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.startsWith("loaded jar:file:"), run.output);
        assertTrue(run.output.contains(jar + "!" + NativeLoader.bundledResource() + " version "), run.output);
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(0, left.count(), "the copy and its private directory are deleted after loading");
        }
    }

    @Test
    void explicitPropertyWinsOverTheBundledLibrary() throws Exception {
        Run run = probe(jarWithBundledLibrary(), emptyDir(), Map.of(), "-D" + NativeLoader.PROPERTY + "=" + LIBRARY);
        assertLoadedFrom(LIBRARY, run);
    }

    @Test
    void theCopyGoesToANewOwnerOnlyDirectory() throws Exception {
        Path first = NativeLoader.createPrivateDirectory(tmp);
        Path second = NativeLoader.createPrivateDirectory(tmp);
        assertNotEquals(first, second);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(first));
        assertEquals(tmp, first.getParent());
    }

    @Test
    void platformNamesMatchTheJarLayout() {
        String platform = NativeLoader.platform();
        assertTrue(platform.equals("linux-x86_64") || platform.equals("linux-aarch64"), platform);
        assertEquals("/META-INF/native/" + platform + "/" + FILE, NativeLoader.bundledResource());
    }

    @Test
    void nextToTheJar() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        Path jar = dir.resolve("ydrz.jar");
        writeJar(codeLocation(Ydrz.class), jar);
        Files.copy(LIBRARY, dir.resolve(FILE));
        assertLoadedFrom(dir.resolve(FILE), probe(jar, emptyDir(), Map.of()));
    }

    @Test
    void inTheNativeDirectoryBesideTheClasses() throws Exception {
        Path classes = tmp.resolve("classes");
        copyTree(codeLocation(Ydrz.class), classes);
        Path lib = Files.createDirectories(classes.resolve("native")).resolve(FILE);
        Files.copy(LIBRARY, lib);
        assertLoadedFrom(lib, probe(classes, emptyDir(), Map.of()));
    }

    @Test
    void onTheJavaLibraryPathByAbsolutePath() throws Exception {
        Path classes = tmp.resolve("classes");
        copyTree(codeLocation(Ydrz.class), classes);
        assertLoadedFrom(LIBRARY, probe(classes, LIBRARY.getParent(), Map.of()));
    }

    @Test
    void failureListsEveryPlaceTriedAndWhy() throws Exception {
        Path classes = tmp.resolve("classes");
        copyTree(codeLocation(Ydrz.class), classes);
        Path bogusDir = emptyDir();
        Files.writeString(bogusDir.resolve(FILE), "not a shared library");
        Run run = probe(classes, bogusDir, Map.of());
        assertEquals(3, run.exit, run.output);
        assertTrue(run.output.contains(classes.resolve(FILE) + ": not found"), run.output);
        assertTrue(run.output.contains(classes.resolve("native").resolve(FILE) + ": not found"), run.output);
        // The file exists but is not a library: refused before the dynamic loader sees it.
        assertTrue(run.output.contains(bogusDir.resolve(FILE) + ": not a shared library (no ELF header)"), run.output);
    }

    /** tests/loading/bad-libraries.sh's truncated.so and foreign-arch.so, in {@code dir}. */
    private static void badLibraries(Path dir) throws Exception {
        Process p = new ProcessBuilder("../../tests/loading/bad-libraries.sh", LIBRARY.toString(), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
    }

    @Test
    void aTruncatedOrForeignLibraryIsRefusedWithItsReason() throws Exception {
        Path dir = emptyDir();
        badLibraries(dir);
        Run run = probe(codeLocation(Ydrz.class), emptyDir(), Map.of(),
                "-D" + NativeLoader.PROPERTY + "=" + dir.resolve("truncated.so"));
        assertEquals(3, run.exit, run.output);
        assertTrue(run.output.contains(dir.resolve("truncated.so") + ": truncated: it has "), run.output);
        assertTrue(run.output.contains("(an interrupted copy?)"), run.output);
        run = probe(codeLocation(Ydrz.class), emptyDir(), Map.of(),
                "-D" + NativeLoader.PROPERTY + "=" + dir.resolve("foreign-arch.so"));
        assertEquals(3, run.exit, run.output);
        String other = NativeLoader.platform().endsWith("x86_64") ? "aarch64" : "x86_64";
        assertTrue(run.output.contains(dir.resolve("foreign-arch.so") + ": built for " + other + ", but this JVM runs on"),
                run.output);
    }

    /** A parent directory for the extraction with {@code mode} (sticky bit included). */
    private Path extractionParent(int mode) throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("extract-" + Integer.toOctalString(mode)));
        Files.setAttribute(parent, "unix:mode", mode);
        assertEquals(mode, (Integer) Files.getAttribute(parent, "unix:mode") & 07777);
        return parent;
    }

    @Test
    void extractionIntoADirectoryOthersCanWriteIsRefused() throws Exception {
        Path parent = extractionParent(0777);
        Run run = probe(jarWithBundledLibrary(), emptyDir(), Map.of(), "-D" + NativeLoader.TMPDIR_PROPERTY + "=" + parent);
        assertEquals(3, run.exit, run.output);
        assertTrue(run.output.contains(parent + " is writable by other users and not sticky (mode 0777)"), run.output);
        assertTrue(run.output.contains("set -D" + NativeLoader.TMPDIR_PROPERTY + " to a directory"), run.output);
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(0, left.count(), "nothing was written into the unsafe directory");
        }
    }

    @Test
    void extractionIntoAStickyDirectoryOthersCanWriteIsAllowed() throws Exception {
        Path parent = extractionParent(01777);
        Run run = probe(jarWithBundledLibrary(), emptyDir(), Map.of(), "-D" + NativeLoader.TMPDIR_PROPERTY + "=" + parent);
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.startsWith("loaded jar:file:"), run.output);
    }

    @Test
    void extractionIntoAnotherUsersDirectoryIsRefused() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid") == 0,
                "needs root to give the directory to another user");
        Path parent = extractionParent(0755);
        Files.setAttribute(parent, "unix:uid", 65534);
        Run run = probe(jarWithBundledLibrary(), emptyDir(), Map.of(), "-D" + NativeLoader.TMPDIR_PROPERTY + "=" + parent);
        assertEquals(3, run.exit, run.output);
        assertTrue(run.output.contains(parent + " belongs to another user (uid 65534)"), run.output);
        assertTrue(run.output.contains("-D" + NativeLoader.TMPDIR_PROPERTY), run.output);
    }

    @Test
    void aSecondClassLoaderWithAnExplicitPathGetsAdviceThatApplies() throws Exception {
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + NativeLoader.PROPERTY + "=" + LIBRARY, "-cp", codeLocation(LoaderProbe.class).toString(),
                SecondLoaderProbe.class.getName(), codeLocation(Ydrz.class).toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.startsWith("first loader: " + Ydrz.version() + "\nsecond loader: "), output);
        assertTrue(output.contains(LIBRARY + " is already loaded by another class loader of this JVM"), output);
        assertTrue(output.contains("unset " + NativeLoader.PROPERTY), output);
        assertFalse(output.contains("noexec"), "no advice that does not apply: " + output);
    }

    @Test
    void testsRunUnderCheckJni() {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xcheck:jni"),
                "surefire's argLine must pass -Xcheck:jni");
    }

    @Test
    void anotherAbiIsRefused() {
        NativeLoader.checkAbi(NativeLoader.ABI_VERSION, "/x/" + FILE);
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> NativeLoader.checkAbi(2, "/x/" + FILE));
        assertTrue(e.getMessage().contains("ABI 2") && e.getMessage().contains("needs ABI 1"), e.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                    Files.copy(p, jos); // in small writes: -Xcheck:jni copies the whole input array per deflate call
                    jos.closeEntry();
                }
            }
        }
    }
}
