package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform name of the jar's native directories, and musl detection from the ELF program interpreter. */
class PlatformTest {
    @TempDir
    Path tmp;

    /** A 64-bit little-endian ELF executable whose only program header is PT_INTERP naming {@code interpreter}. */
    private static byte[] elf64(String interpreter) {
        byte[] name = (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putLong(32, 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, 3).putLong(64 + 8, 120).putLong(64 + 32, name.length);
        b.position(120);
        b.put(name);
        return b.array();
    }

    private Path write(String fileName, byte[] bytes) throws IOException {
        Path path = tmp.resolve(fileName);
        Files.write(path, bytes);
        return path;
    }

    @Test
    void muslLoaderMeansMusl() throws IOException {
        Path exe = write("java-musl", elf64("/lib/ld-musl-x86_64.so.1"));
        assertEquals("/lib/ld-musl-x86_64.so.1", Platform.interpreter(exe));
        assertTrue(Platform.isMusl(exe));
        assertTrue(Platform.isMusl(write("java-musl-arm", elf64("/lib/ld-musl-aarch64.so.1"))));
    }

    @Test
    void glibcLoaderMeansGlibc() throws IOException {
        assertFalse(Platform.isMusl(write("java-glibc", elf64("/lib64/ld-linux-x86-64.so.2"))));
        assertFalse(Platform.isMusl(write("java-glibc-arm", elf64("/lib/ld-linux-aarch64.so.1"))));
    }

    @Test
    void thisJvmIsReadAsItIs() {
        // The test JVM runs on glibc (Debian): its own executable names glibc's loader.
        String interpreter = Platform.interpreter(Paths.get("/proc/self/exe"));
        assertTrue(interpreter != null && interpreter.contains("ld-linux"), String.valueOf(interpreter));
        assertEquals("linux-" + Platform.arch(System.getProperty("os.arch")), Platform.current());
    }

    @Test
    void unreadableOrForeignFilesAreNotMusl() throws IOException {
        assertNull(Platform.interpreter(tmp.resolve("missing")));
        assertFalse(Platform.isMusl(tmp.resolve("missing")));
        assertFalse(Platform.isMusl(write("script", "#!/bin/sh\necho /lib/ld-musl-x86_64.so.1\n".getBytes(StandardCharsets.UTF_8))));
        byte[] whole = elf64("/lib/ld-musl-x86_64.so.1");
        assertFalse(Platform.isMusl(write("truncated", Arrays.copyOf(whole, 100))));
        assertNull(Platform.interpreter(write("static", Arrays.copyOf(whole, 64)))); // no program headers read
    }

    @Test
    void archNames() {
        assertEquals("x86_64", Platform.arch("amd64"));
        assertEquals("x86_64", Platform.arch("x86_64"));
        assertEquals("aarch64", Platform.arch("arm64"));
        assertEquals("aarch64", Platform.arch("AARCH64"));
        assertEquals("riscv64", Platform.arch("riscv64"));
    }
}
