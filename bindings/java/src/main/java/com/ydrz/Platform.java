package com.ydrz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The platform this JVM runs on, named as the jar's native directories are: {@code linux-x86_64},
 * {@code linux-aarch64}, {@code linux-musl-x86_64}, {@code linux-musl-aarch64}, {@code macos-x86_64},
 * {@code macos-aarch64}, {@code windows-x86_64}; other systems keep their normalised {@code os.name}.
 *
 * <p>On Linux the C library is told from the JVM's own executable: the program interpreter (ELF
 * {@code PT_INTERP}) of {@code /proc/self/exe} is musl's loader ({@code /lib/ld-musl-<arch>.so.1}) on Alpine and
 * glibc's ({@code ld-linux-*.so.*}) elsewhere. This is the library the process really runs on, unlike
 * {@code /etc/os-release} (Alpine images with glibc installed) or the mappings in {@code /proc/self/map_files}
 * (unreadable without privileges on some Kubernetes nodes), which misled other loaders. When the executable
 * cannot be read, glibc is assumed; {@code -Dydrz.native.path} overrides the whole choice.
 */
final class Platform {
    private static final int PT_INTERP = 3;
    private static final int MAX_INTERP_LENGTH = 4096;

    private Platform() {}

    /** This JVM's platform (see the class comment). */
    static String current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = arch(System.getProperty("os.arch", ""));
        if (os.startsWith("linux")) {
            return (isMusl(Paths.get("/proc/self/exe")) ? "linux-musl-" : "linux-") + arch;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "macos-" + arch;
        }
        if (os.startsWith("windows")) {
            return "windows-" + arch;
        }
        return os.replaceAll("[^a-z0-9]", "") + "-" + arch;
    }

    /** {@code os.arch} as the jar names it: amd64 and x86_64 are x86_64, arm64 and aarch64 are aarch64. */
    static String arch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "arm64":
            case "aarch64":
                return "aarch64";
            default:
                return arch;
        }
    }

    /** Whether the ELF executable {@code exe} asks for musl's dynamic loader; false when unreadable. */
    static boolean isMusl(Path exe) {
        String interpreter = interpreter(exe);
        return interpreter != null && interpreter.contains("/ld-musl-");
    }

    /** The program interpreter (PT_INTERP) of an ELF file; null when it has none or is not a readable ELF file. */
    static String interpreter(Path elf) {
        try (FileChannel file = FileChannel.open(elf, StandardOpenOption.READ)) {
            ByteBuffer ident = read(file, 0, 16);
            if (ident == null || ident.getInt(0) != 0x7f454c46) {
                return null;
            }
            boolean is64 = ident.get(4) == 2;
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer header = read(file, 0, is64 ? 64 : 52);
            if (header == null) {
                return null;
            }
            header.order(order);
            long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
            int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(header.getShort(is64 ? 56 : 44));
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(file, phoff + (long) i * phentsize, is64 ? 56 : 32);
                if (ph == null) {
                    return null;
                }
                ph.order(order);
                if (ph.getInt(0) != PT_INTERP) {
                    continue;
                }
                long offset = is64 ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
                long size = is64 ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
                if (size <= 0 || size > MAX_INTERP_LENGTH) {
                    return null;
                }
                ByteBuffer name = read(file, offset, (int) size);
                if (name == null) {
                    return null;
                }
                String text = StandardCharsets.UTF_8.decode(name).toString();
                int nul = text.indexOf('\0');
                return nul >= 0 ? text.substring(0, nul) : text;
            }
            return null;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** {@code length} bytes at {@code position}, or null when the file is shorter. */
    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        buffer.flip();
        return buffer;
    }
}
